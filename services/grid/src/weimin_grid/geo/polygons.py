"""Grid-unit boundaries as shapely geometries, planar on WGS-84 degrees.

At a grid unit's size (a few hundred metres) treating lon/lat as a plane is exact enough
for containment and intersection; nothing here measures areas in square metres. A
boundary is a GeoJSON Polygon (holes allowed) or MultiPolygon; validity is GEOS's (OGC
simple features), so self-intersections, holes outside their shell and overlapping parts
are refused with GEOS's own explanation.
"""

import math
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.validation import explain_validity

Point = tuple[float, float]
BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat
Area = Polygon | MultiPolygon

#: Square degrees below which a boundary encloses nothing (about 1 m² here).
MIN_AREA = 1e-10


class BoundaryProblem(ValueError):
    """Why a boundary is refused; `code` is the stable machine reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Shape:
    geometry: Area  # prepared: repeated point tests reuse GEOS's edge index
    bbox: BBox


def shape_of(boundary: dict[str, Any]) -> Shape:
    """A stored (already validated) GeoJSON boundary as a prepared geometry."""
    geometry = shapely.geometry.shape(boundary)
    if not isinstance(geometry, Polygon | MultiPolygon):
        raise ValueError(f"a boundary is a Polygon or MultiPolygon, not {geometry.geom_type}")
    shapely.prepare(geometry)
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    return Shape(geometry, (min_lon, min_lat, max_lon, max_lat))


def centroid(geometry: Area) -> Point:
    point = geometry.centroid
    return round(point.x, 7), round(point.y, 7)


def bboxes_overlap(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def interiors_overlap(a: Shape, b: Shape) -> bool:
    """Do two boundaries share area (not merely an edge or a vertex)? Exact (DE-9IM)."""
    if not bboxes_overlap(a.bbox, b.bbox):
        return False
    return bool(a.geometry.relate_pattern(b.geometry, "T********"))


def validated_boundary(boundary: Any, city_bounds: BBox) -> Area:
    """A GeoJSON Polygon or MultiPolygon as a valid geometry inside the city, oriented as
    RFC 7946 wants (shells counter-clockwise, holes clockwise), or BoundaryProblem."""
    if not isinstance(boundary, dict) or boundary.get("type") not in ("Polygon", "MultiPolygon"):
        raise BoundaryProblem(
            "invalid-boundary", "expected a GeoJSON object of type Polygon or MultiPolygon"
        )
    coordinates = boundary.get("coordinates")
    geometry: Area
    if boundary["type"] == "Polygon":
        geometry = _polygon(coordinates, "coordinates")
    else:
        if not isinstance(coordinates, list) or not coordinates:
            raise BoundaryProblem("invalid-boundary", "coordinates: expected a list of polygons")
        geometry = MultiPolygon(
            [_polygon(part, f"coordinates[{p}]") for p, part in enumerate(coordinates)]
        )
    # A flat ring is invalid too (GEOS calls it a self-intersection): say what it means.
    if shapely.make_valid(geometry).area < MIN_AREA:
        raise BoundaryProblem("invalid-boundary", "the boundary encloses no area")
    if not geometry.is_valid:
        why = explain_validity(geometry)
        code = "self-intersecting-boundary" if "Self-intersection" in why else "invalid-boundary"
        raise BoundaryProblem(code, f"the boundary is not a valid polygon: {why}")
    min_lon, min_lat, max_lon, max_lat = city_bounds
    for lon, lat in shapely.get_coordinates(geometry):
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            raise BoundaryProblem(
                "boundary-outside-city", f"position [{lon}, {lat}] lies outside the city"
            )
    oriented: Area = shapely.orient_polygons(geometry, exterior_cw=False)
    return oriented


def as_geojson(geometry: Area) -> dict[str, Any]:
    """The geometry as a GeoJSON mapping of plain lists (as the JSON column stores it)."""
    mapping = shapely.geometry.mapping(geometry)
    return {"type": mapping["type"], "coordinates": _lists(mapping["coordinates"])}


def _lists(node: Any) -> Any:
    if isinstance(node, tuple | list):
        if node and isinstance(node[0], float | int):
            return [float(node[0]), float(node[1])]
        return [_lists(child) for child in node]
    return node


def _polygon(rings: Any, where: str) -> Polygon:
    if not isinstance(rings, list) or not rings:
        raise BoundaryProblem("invalid-boundary", f"{where}: expected a list of rings")
    shell, *holes = (_ring(ring, f"{where}[{k}]") for k, ring in enumerate(rings))
    return Polygon(shell, holes)


def _ring(ring: Any, where: str) -> list[Point]:
    if not isinstance(ring, list):
        raise BoundaryProblem("invalid-boundary", f"{where}: expected a list of positions")
    closed = [_position(p, f"{where}[{k}]") for k, p in enumerate(ring)]
    if len(closed) < 4 or closed[0] != closed[-1]:
        raise BoundaryProblem(
            "invalid-boundary",
            f"{where}: a ring needs at least 4 positions and must end where it starts",
        )
    return closed


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
