"""Locating a point: which grid unit holds it, and the nearest building there.

The index is built from the database on first use and rebuilt whenever the grid units'
fingerprint (count and latest update) changes, so a boundary edited through another
process is seen on the next lookup at the cost of one tiny aggregate query.
"""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.geo.coords import Crs, distance_metres, to_wgs84
from weimin_grid.geo.index import GridIndex, IndexedUnit
from weimin_grid.geo.polygons import shape_of
from weimin_grid.registry.models import Building
from weimin_grid.units.models import GridUnit
from weimin_kit.errors import InvalidInput


class IndexCache:
    def __init__(self) -> None:
        self._index: GridIndex | None = None
        self._fingerprint: tuple[int, datetime | None] | None = None
        self._lock = asyncio.Lock()

    async def current(self, session: AsyncSession) -> GridIndex:
        row = (await session.execute(select(func.count(), func.max(GridUnit.updated_at)))).one()
        fingerprint = (int(row[0]), row[1])
        if self._index is not None and fingerprint == self._fingerprint:
            return self._index
        async with self._lock:
            rows = (
                await session.execute(select(GridUnit.id, GridUnit.code, GridUnit.boundary))
            ).all()
            self._index = GridIndex(IndexedUnit(r.id, r.code, shape_of(r.boundary)) for r in rows)
            self._fingerprint = fingerprint
            return self._index


def _index_cache(request: Request) -> IndexCache:
    cache: IndexCache | None = getattr(request.app.state, "grid_index_cache", None)
    if cache is None:
        cache = request.app.state.grid_index_cache = IndexCache()
    return cache


IndexCacheDep = Annotated[IndexCache, Depends(_index_cache)]


@dataclass(frozen=True, slots=True)
class Located:
    lon: float
    lat: float
    grid_unit: GridUnit


class PointOutsideGrid(InvalidInput):
    code = "point-outside-grid"
    title = "The point lies outside every grid unit"


async def locate_point(
    session: AsyncSession, cache: IndexCache, lon: float, lat: float, crs: Crs, field: str
) -> Located:
    """The WGS-84 position and the grid unit holding it; 422 outside every unit."""
    wgs_lon, wgs_lat = to_wgs84(lon, lat, crs)
    index = await cache.current(session)
    found = index.locate(wgs_lon, wgs_lat)
    if found is None:
        raise PointOutsideGrid(
            f"{field}: [{lon}, {lat}] ({crs}) lies outside every grid unit of the city",
            errors=[{"field": field, "reason": "outside every grid unit", "code": "outside-grid"}],
        )
    unit = await session.get(GridUnit, found.id)
    assert unit is not None  # the index was built from this table in this transaction
    return Located(round(wgs_lon, 7), round(wgs_lat, 7), unit)


async def nearest_building(
    session: AsyncSession, grid_unit_id: uuid.UUID, lon: float, lat: float
) -> tuple[Building, float] | None:
    """The closest building of the unit (a unit holds tens to hundreds: scanning is cheap)."""
    buildings = (
        await session.scalars(select(Building).where(Building.grid_unit_id == grid_unit_id))
    ).all()
    best: tuple[Building, float] | None = None
    for building in buildings:
        metres = distance_metres(lon, lat, building.lon, building.lat)
        if best is None or metres < best[1]:
            best = (building, metres)
    return best
