"""Boundaries with holes, in several parts and with points on their edges, located one at a
time and in bulk, and the invalid ones refused with GEOS's reason."""

import uuid
from typing import Any

import pytest

from weimin_grid.geo.index import GridIndex, IndexedUnit
from weimin_grid.geo.polygons import (
    BoundaryProblem,
    as_geojson,
    interiors_overlap,
    shape_of,
    validated_boundary,
)

CITY = (100.0, 25.0, 101.0, 26.0)


def closed(*points: tuple[float, float]) -> list[list[float]]:
    return [list(p) for p in (*points, points[0])]


def box(west: float, south: float, east: float, north: float) -> list[list[float]]:
    return closed((west, south), (east, south), (east, north), (west, north))


# A 0.02° square with a 0.01° hole in its middle; the hole is unit B.
RING_A = {"type": "Polygon", "coordinates": [box(100.20, 25.60, 100.23, 25.63)]}
RING_A["coordinates"].append(box(100.21, 25.61, 100.22, 25.62))
HOLE_B = {"type": "Polygon", "coordinates": [box(100.21, 25.61, 100.22, 25.62)]}
# Two islands far apart, one unit.
ISLANDS_C = {
    "type": "MultiPolygon",
    "coordinates": [[box(100.30, 25.60, 100.31, 25.61)], [box(100.40, 25.60, 100.41, 25.61)]],
}


def unit(code: str, boundary: dict[str, Any]) -> IndexedUnit:
    return IndexedUnit(uuid.uuid4(), code, shape_of(boundary))


@pytest.fixture(scope="module")
def index() -> GridIndex:
    return GridIndex([unit("C", ISLANDS_C), unit("B", HOLE_B), unit("A", RING_A)])


def codes(found: list[IndexedUnit | None]) -> list[str | None]:
    return [u.code if u else None for u in found]


POINTS = [
    ((100.205, 25.605), "A"),  # in the ring
    ((100.215, 25.615), "B"),  # in A's hole, which is B
    ((100.305, 25.605), "C"),  # first island
    ((100.405, 25.605), "C"),  # second island
    ((100.35, 25.605), None),  # between the islands
    ((100.20, 25.615), "A"),  # on A's outer edge
    ((100.21, 25.615), "A"),  # on the edge A and B share: the first code wins
    ((100.21, 25.61), "A"),  # on a corner they share
    ((100.30, 25.60), "C"),  # on an island's corner
    ((100.199999, 25.615), None),  # just outside A
]


@pytest.mark.parametrize(("point", "code"), POINTS)
def test_one_point_lands_in_the_right_unit(
    index: GridIndex, point: tuple[float, float], code: str | None
) -> None:
    found = index.locate(*point)
    assert (found.code if found else None) == code


def test_many_points_at_once_agree_with_one_at_a_time(index: GridIndex) -> None:
    points = [point for point, _ in POINTS]
    assert codes(index.locate_many(points)) == [code for _, code in POINTS]
    assert index.locate_many([]) == []


def test_a_hole_shares_no_area_with_its_ring_but_an_island_inside_would() -> None:
    ring, hole = shape_of(RING_A), shape_of(HOLE_B)
    assert not interiors_overlap(ring, hole)
    solid = shape_of({"type": "Polygon", "coordinates": [box(100.20, 25.60, 100.23, 25.63)]})
    assert interiors_overlap(solid, hole)


def test_a_valid_boundary_with_a_hole_is_oriented_as_geojson_wants() -> None:
    clockwise_shell = [list(p) for p in reversed(box(100.20, 25.60, 100.23, 25.63))]
    geometry = validated_boundary(
        {"type": "Polygon", "coordinates": [clockwise_shell, box(100.21, 25.61, 100.22, 25.62)]},
        CITY,
    )
    shell, hole = as_geojson(geometry)["coordinates"]
    assert shell[1] == [100.23, 25.60]  # counter-clockwise: east along the south side first
    assert hole[1] == [100.21, 25.62]  # clockwise: north along the west side first


def test_a_multipolygon_is_accepted_as_it_is() -> None:
    geometry = validated_boundary(ISLANDS_C, CITY)
    assert as_geojson(geometry) == ISLANDS_C


@pytest.mark.parametrize(
    ("boundary", "code", "reason"),
    [
        (
            {
                "type": "Polygon",
                "coordinates": [
                    closed((100.2, 25.6), (100.21, 25.61), (100.21, 25.6), (100.2, 25.61))
                ],
            },
            "self-intersecting-boundary",
            "Self-intersection",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [box(100.2, 25.6, 100.21, 25.61), box(100.3, 25.6, 100.31, 25.61)],
            },
            "invalid-boundary",
            "Hole lies outside shell",
        ),
        (
            {
                "type": "MultiPolygon",
                "coordinates": [
                    [box(100.2, 25.6, 100.22, 25.62)],
                    [box(100.21, 25.61, 100.23, 25.63)],
                ],
            },
            "self-intersecting-boundary",
            "Self-intersection",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [closed((100.2, 25.6), (100.21, 25.6), (100.22, 25.6))],
            },
            "invalid-boundary",
            "encloses no area",
        ),
        (
            {
                "type": "MultiPolygon",
                "coordinates": [[box(100.2, 25.6, 100.21, 25.61)], [[[100.3, "x"]]]],
            },
            "invalid-boundary",
            "coordinates[1][0][0] is not a [lon, lat] position",
        ),
    ],
)
def test_invalid_boundaries_are_refused_with_the_reason(
    boundary: dict[str, Any], code: str, reason: str
) -> None:
    with pytest.raises(BoundaryProblem) as refused:
        validated_boundary(boundary, CITY)
    assert refused.value.code == code
    assert reason in refused.value.reason
