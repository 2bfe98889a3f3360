"""Editing grid-unit boundaries and checking how the units tile the city.

A boundary must be a valid Polygon (holes allowed) or MultiPolygon inside the city's
bounds (validity is GEOS's, through shapely). Overlaps and gaps with the
neighbours are not refused (redrawing two neighbours is two edits, and the tiling is
briefly imperfect in between) but reported, so an office can see and fix them.
"""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import Role
from weimin_grid.geo.index import GridIndex, IndexedUnit
from weimin_grid.geo.polygons import (
    BBox,
    BoundaryProblem,
    as_geojson,
    centroid,
    interiors_overlap,
    shape_of,
    validated_boundary,
)
from weimin_grid.units.errors import GridUnitVersionMismatch, InvalidBoundary
from weimin_grid.units.models import GridUnit
from weimin_grid.units.repository import grid_units_in_scope
from weimin_grid.units.schemas import BoundaryReport, GapSample, Overlap
from weimin_grid.units.service import locate_grid_unit
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.types import utcnow
from weimin_kit.versioning import parse_if_match

#: Who may redraw a unit (admin implied): the offices that own the grid's map.
BOUNDARY_ROLES: tuple[Role, ...] = ("street_secretary", "community_secretary")
#: Samples per side of the extent when looking for gaps (about 40 m apart in the demo city).
GAP_SAMPLES_PER_SIDE = 160
MAX_GAP_SAMPLES_REPORTED = 200


def checked_polygon(boundary: Any, city_bounds: BBox) -> dict[str, Any]:
    """The boundary as GeoJSON oriented per RFC 7946 (shells counter-clockwise), or 422."""
    try:
        geometry = validated_boundary(boundary, city_bounds)
    except BoundaryProblem as problem:
        raise InvalidBoundary(
            f"body.boundary: {problem.reason}",
            errors=[{"field": "body.boundary", "reason": problem.reason, "code": problem.code}],
        ) from None
    return as_geojson(geometry)


async def redraw_boundary(
    session: AsyncSession,
    principal: Principal,
    grid_unit_id: uuid.UUID,
    if_match: str | None,
    boundary: Any,
    city_bounds: BBox,
) -> GridUnit:
    ensure_role(principal, *BOUNDARY_ROLES)
    unit = await locate_grid_unit(session, principal, grid_unit_id)
    if parse_if_match(if_match) != unit.version:
        raise GridUnitVersionMismatch(
            f"The grid unit is at version {unit.version}; read it again",
            headers={"ETag": f'"{unit.version}"'},
        )
    polygon = checked_polygon(boundary, city_bounds)
    unit.boundary = polygon
    unit.centroid_lon, unit.centroid_lat = centroid(shape_of(polygon).geometry)
    unit.version += 1
    unit.updated_at = utcnow()
    await session.flush()
    return unit


def gap_samples(shapes: list[IndexedUnit]) -> list[GapSample]:
    """Lattice points in no unit that cannot reach the outside without crossing a unit:
    holes in the union of the units. A sampling check (gaps narrower than the spacing can
    slip through), and a notch open to the outside is the outline's shape, not a gap."""
    index = GridIndex(shapes)
    min_lon, min_lat, max_lon, max_lat = index.extent
    size = GAP_SAMPLES_PER_SIDE
    step_lon, step_lat = (max_lon - min_lon) / size, (max_lat - min_lat) / size

    def position(i: int, j: int) -> tuple[float, float]:
        return min_lon + (i + 0.5) * step_lon, min_lat + (j + 0.5) * step_lat

    lattice = [(i, j) for i in range(size) for j in range(size)]
    found = index.locate_many([position(i, j) for i, j in lattice])
    empty = {cell for cell, unit in zip(lattice, found, strict=True) if unit is None}
    outside = {(i, j) for i, j in empty if i in (0, size - 1) or j in (0, size - 1)}
    frontier = list(outside)
    while frontier:
        i, j = frontier.pop()
        for neighbour in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
            if neighbour in empty and neighbour not in outside:
                outside.add(neighbour)
                frontier.append(neighbour)
    return [
        GapSample(lon=round(lon, 7), lat=round(lat, 7))
        for lon, lat in (position(i, j) for j, i in sorted((j, i) for i, j in empty - outside))
    ]


async def boundary_report(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> BoundaryReport:
    statement = grid_units_in_scope(principal)
    if community_id is not None:
        statement = statement.where(GridUnit.community_id == community_id)
    units = (await session.scalars(statement.order_by(GridUnit.code))).all()
    shapes = [IndexedUnit(unit.id, unit.code, shape_of(unit.boundary)) for unit in units]
    overlaps = []
    for k, first in enumerate(shapes):
        for second in shapes[k + 1 :]:
            if interiors_overlap(first.shape, second.shape):
                overlaps.append(
                    Overlap(a_id=first.id, a_code=first.code, b_id=second.id, b_code=second.code)
                )
    gaps = gap_samples(shapes) if shapes else []
    return BoundaryReport(
        grid_units=len(shapes),
        overlaps=overlaps,
        gap_samples=gaps[:MAX_GAP_SAMPLES_REPORTED],
        gap_sample_count=len(gaps),
    )
