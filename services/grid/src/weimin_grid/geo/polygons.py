"""Planar geometry on WGS-84 degrees for grid-unit boundaries.

At a grid unit's size (a few hundred metres) treating lon/lat as a plane is exact enough
for containment and intersection; nothing here measures areas in square metres.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]
Ring = list[Point]
BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


class BoundaryProblem(ValueError):
    """Why a boundary is refused; `code` is the stable machine reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Shape:
    ring: Ring  # exterior ring, not closed (first point not repeated)
    bbox: BBox


def bbox_of(ring: Sequence[Point]) -> BBox:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def shape_of(polygon: dict[str, Any]) -> Shape:
    """A stored (already validated) GeoJSON polygon as a ring and its bounding box."""
    ring = [(float(p[0]), float(p[1])) for p in polygon["coordinates"][0][:-1]]
    return Shape(ring, bbox_of(ring))


def contains(ring: Sequence[Point], lon: float, lat: float) -> bool:
    """Even-odd ray casting."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def signed_area(ring: Sequence[Point]) -> float:
    total = 0.0
    for k in range(len(ring)):
        x1, y1 = ring[k]
        x2, y2 = ring[(k + 1) % len(ring)]
        total += x1 * y2 - x2 * y1
    return total / 2


def centroid(ring: Sequence[Point]) -> Point:
    # Shifted to the first vertex: products of raw degrees (~100 × 25) lose the digits
    # that matter at this scale.
    ox, oy = ring[0]
    local = [(x - ox, y - oy) for x, y in ring]
    area = signed_area(local)
    cx = cy = 0.0
    for k in range(len(local)):
        x1, y1 = local[k]
        x2, y2 = local[(k + 1) % len(local)]
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return round(ox + cx / (6 * area), 7), round(oy + cy / (6 * area), 7)


def _orientation(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _on_segment(a: Point, b: Point, c: Point) -> bool:
    return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])


def segments_touch(a: Point, b: Point, c: Point, d: Point) -> bool:
    """True when segments ab and cd share any point (crossing, touching or overlapping)."""
    o1, o2 = _orientation(a, b, c), _orientation(a, b, d)
    o3, o4 = _orientation(c, d, a), _orientation(c, d, b)
    if ((o1 > 0 > o2) or (o1 < 0 < o2)) and ((o3 > 0 > o4) or (o3 < 0 < o4)):
        return True
    return (
        (o1 == 0 and _on_segment(a, b, c))
        or (o2 == 0 and _on_segment(a, b, d))
        or (o3 == 0 and _on_segment(c, d, a))
        or (o4 == 0 and _on_segment(c, d, b))
    )


def segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """True only for a proper crossing (interiors meet in one point)."""
    o1, o2 = _orientation(a, b, c), _orientation(a, b, d)
    o3, o4 = _orientation(c, d, a), _orientation(c, d, b)
    return ((o1 > 0 > o2) or (o1 < 0 < o2)) and ((o3 > 0 > o4) or (o3 < 0 < o4))


def _position(value: Any, where: str) -> Point:
    if (
        not isinstance(value, list | tuple)
        or len(value) < 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value[:2])
    ):
        raise BoundaryProblem("invalid-boundary", f"{where} is not a [lon, lat] position")
    lon, lat = float(value[0]), float(value[1])
    if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lon) > 180 or abs(lat) > 90:
        raise BoundaryProblem("invalid-boundary", f"{where} is not a WGS-84 position")
    return lon, lat


def validated_ring(polygon: Any, city_bounds: BBox) -> Ring:
    """The exterior ring of a GeoJSON Polygon, or BoundaryProblem saying what is wrong."""
    if not isinstance(polygon, dict) or polygon.get("type") != "Polygon":
        raise BoundaryProblem("invalid-boundary", "expected a GeoJSON object of type Polygon")
    rings = polygon.get("coordinates")
    if not isinstance(rings, list) or len(rings) != 1 or not isinstance(rings[0], list):
        raise BoundaryProblem(
            "invalid-boundary", "expected exactly one ring (grid units have no holes)"
        )
    closed = [_position(p, f"coordinates[0][{k}]") for k, p in enumerate(rings[0])]
    if len(closed) < 4 or closed[0] != closed[-1]:
        raise BoundaryProblem(
            "invalid-boundary", "a ring needs at least 4 positions and must end where it starts"
        )
    ring = closed[:-1]
    if len(set(ring)) != len(ring):
        raise BoundaryProblem("self-intersecting-boundary", "the ring visits a vertex twice")
    n = len(ring)
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue  # neighbouring edges share a vertex by construction
            if segments_touch(ring[i], ring[(i + 1) % n], ring[j], ring[(j + 1) % n]):
                raise BoundaryProblem(
                    "self-intersecting-boundary", f"edges {i} and {j} of the ring intersect"
                )
    if abs(signed_area(ring)) < 1e-12:
        raise BoundaryProblem("invalid-boundary", "the ring encloses no area")
    min_lon, min_lat, max_lon, max_lat = city_bounds
    for lon, lat in ring:
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            raise BoundaryProblem(
                "boundary-outside-city", f"position [{lon}, {lat}] lies outside the city"
            )
    return ring


def bboxes_overlap(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def interiors_overlap(a: Shape, b: Shape) -> bool:
    """Do two simple polygons share area (not merely an edge or a vertex)?

    Edges crossing properly, or a vertex or edge midpoint of one strictly inside the
    other, or one polygon's interior point inside the other (identical or nested shapes).
    Exact for the convex and near-convex shapes grid units have; a contrived overlap that
    touches none of these probes can be missed.
    """
    if not bboxes_overlap(a.bbox, b.bbox):
        return False
    ra, rb = a.ring, b.ring
    for i in range(len(ra)):
        for j in range(len(rb)):
            if segments_cross(ra[i], ra[(i + 1) % len(ra)], rb[j], rb[(j + 1) % len(rb)]):
                return True
    for ring, other in ((ra, rb), (rb, ra)):
        for k in range(len(ring)):
            start, end = ring[k], ring[(k + 1) % len(ring)]
            middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
            if _strictly_inside(other, start) or _strictly_inside(other, middle):
                return True
    return _strictly_inside(rb, _inner_point(ra)) or _strictly_inside(ra, _inner_point(rb))


def _strictly_inside(ring: Ring, point: Point) -> bool:
    n = len(ring)
    for k in range(n):
        a, b = ring[k], ring[(k + 1) % n]
        if abs(_orientation(a, b, point)) < 1e-14 and _on_segment(a, b, point):
            return False
    return contains(ring, *point)


def _inner_point(ring: Ring) -> Point:
    """A point inside the polygon: the centroid when it is inside, else a nudged ear."""
    c = centroid(ring)
    if contains(ring, *c):
        return c
    n = len(ring)
    for k in range(n):
        a, b, d = ring[k - 1], ring[k], ring[(k + 1) % n]
        candidate = ((a[0] + b[0] + d[0]) / 3, (a[1] + b[1] + d[1]) / 3)
        if contains(ring, *candidate):
            return candidate
    return c
