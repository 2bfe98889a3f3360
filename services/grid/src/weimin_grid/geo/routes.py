from typing import Annotated, Literal

from fastapi import APIRouter, Query

from weimin_grid.geo import service
from weimin_grid.geo.schemas import LocatedGridUnit, LocateRead, NearestBuilding
from weimin_grid.geo.service import PointOutsideGrid
from weimin_grid.scope import Staff, covers
from weimin_kit.problems import problems

router = APIRouter(prefix="/v1/locate", tags=["locate"])


@router.get("", responses=problems(PointOutsideGrid))
async def locate(
    principal: Staff,
    cache: service.IndexCacheDep,
    lon: Annotated[float, Query(ge=-180, le=180)],
    lat: Annotated[float, Query(ge=-90, le=90)],
    crs: Annotated[Literal["wgs84", "gcj02"], Query()] = "wgs84",
) -> LocateRead:
    located = await service.locate_point(cache, lon, lat, crs, "query")
    unit = located.grid_unit
    in_scope = covers(principal, street=unit.street_id, community=unit.community_id, grid=unit.id)
    nearest = (
        await service.nearest_building(cache, unit.id, located.lon, located.lat)
        if in_scope
        else None
    )
    return LocateRead(
        lon=located.lon,
        lat=located.lat,
        crs=crs,
        grid_unit=LocatedGridUnit(
            id=unit.id,
            code=unit.code,
            name=unit.name,
            street_id=unit.street_id,
            community_id=unit.community_id,
        ),
        in_scope=in_scope,
        nearest_building=None
        if nearest is None
        else NearestBuilding(
            id=nearest[0].id,
            address=nearest[0].address,
            lon=nearest[0].lon,
            lat=nearest[0].lat,
            distance_m=round(nearest[1], 1),
        ),
    )
