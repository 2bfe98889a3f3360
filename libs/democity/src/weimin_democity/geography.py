"""The city's shape: a jittered lattice of quadrilateral grid units grouped into communities.

Cells of a lattice ``24`` columns wide are grouped into vertical bands; each band is split
into stacked rectangular blocks, one per community. Every lattice vertex is jittered once
and shared by all cells that touch it, so neighbouring polygons use identical coordinates
and the cells tile the area exactly (no gaps, no overlaps). Jitter stays under 0.2 of a
cell, which keeps every cell strictly convex.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import shapely

from weimin_democity.ids import digest, unit
from weimin_democity.model import Polygon

CENTRE_LON, CENTRE_LAT = 100.23, 25.60
CELL_METRES = 250.0
_DLAT = CELL_METRES / 111_320.0
_DLON = CELL_METRES / (111_320.0 * math.cos(math.radians(CENTRE_LAT)))
_JITTER = 0.18

#: (street index, band width in cells, community heights in cells from south to north).
BANDS: tuple[tuple[int, int, tuple[int, ...]], ...] = (
    (0, 3, (5, 4, 6, 3)),
    (0, 3, (4, 5, 4, 5)),
    (0, 4, (4, 3, 4, 4)),
    (0, 3, (6, 4, 5, 4)),
    (1, 3, (5, 5, 4, 5)),
    (1, 3, (4, 6, 4, 4)),
    (1, 2, (5, 6, 6)),
    (1, 3, (5, 5, 5, 4)),
)
COLUMNS = sum(width for _, width, _ in BANDS)
ROWS = max(sum(heights) for _, _, heights in BANDS)

Cell = tuple[int, int]
Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class CommunityBlock:
    street: int
    cells: tuple[Cell, ...]  # snake order: consecutive cells share an edge


def community_blocks() -> list[CommunityBlock]:
    blocks: list[CommunityBlock] = []
    x0 = 0
    for street, width, heights in BANDS:
        y0 = 0
        for height in heights:
            cells: list[Cell] = []
            for row in range(height):
                xs = range(x0, x0 + width) if row % 2 == 0 else range(x0 + width - 1, x0 - 1, -1)
                cells.extend((x, y0 + row) for x in xs)
            blocks.append(CommunityBlock(street, tuple(cells)))
            y0 += height
        x0 += width
    return blocks


class Lattice:
    """Jittered vertex coordinates, computed once per (seed, vertex) and shared."""

    def __init__(self, seed: int) -> None:
        lon0 = CENTRE_LON - COLUMNS * _DLON / 2
        lat0 = CENTRE_LAT - ROWS * _DLAT / 2
        self._points: dict[Cell, Point] = {}
        for i in range(COLUMNS + 1):
            for j in range(ROWS + 1):
                raw = digest(seed, "vertex", f"{i}:{j}")
                dx = (unit(raw, 0) * 2 - 1) * _JITTER
                dy = (unit(raw, 2) * 2 - 1) * _JITTER
                self._points[(i, j)] = (
                    round(lon0 + (i + dx) * _DLON, 7),
                    round(lat0 + (j + dy) * _DLAT, 7),
                )

    def corners(self, cell: Cell) -> list[Point]:
        """Counter-clockwise corners of a cell: SW, SE, NE, NW."""
        x, y = cell
        return [self._points[v] for v in ((x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1))]

    def polygon(self, cells: Iterable[Cell]) -> Polygon:
        ring = [self._points[v] for v in outline(cells)]
        ring.append(ring[0])
        return {"type": "Polygon", "coordinates": [[[lon, lat] for lon, lat in ring]]}


def point_in_quad(corners: Sequence[Point], u: float, v: float) -> Point:
    """Bilinear interpolation of SW, SE, NE, NW corners; inside a convex quad for u, v in (0, 1)."""
    sw, se, ne, nw = corners
    lon = (1 - v) * ((1 - u) * sw[0] + u * se[0]) + v * ((1 - u) * nw[0] + u * ne[0])
    lat = (1 - v) * ((1 - u) * sw[1] + u * se[1]) + v * ((1 - u) * nw[1] + u * ne[1])
    return round(lon, 7), round(lat, 7)


def outline(cells: Iterable[Cell]) -> list[Cell]:
    """Lattice vertices around a simply connected set of cells, counter-clockwise.

    Every vertex on the boundary is kept (also where the outline runs straight), because
    neighbouring polygons share those vertices.
    """
    edges: set[tuple[Cell, Cell]] = set()
    for x, y in cells:
        ring = ((x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1))
        for k in range(4):
            edge = (ring[k], ring[(k + 1) % 4])
            if (edge[1], edge[0]) in edges:
                edges.remove((edge[1], edge[0]))
            else:
                edges.add(edge)
    following = dict(edges)
    if len(following) != len(edges):
        raise ValueError("cells touch at a corner only; the outline would pinch")
    start = min(following)
    ring_vertices = [start]
    vertex = following[start]
    while vertex != start:
        ring_vertices.append(vertex)
        vertex = following[vertex]
    if len(ring_vertices) != len(edges):
        raise ValueError("cells are not one simply connected region")
    return ring_vertices


def ring_of(polygon: Polygon) -> list[Point]:
    """The exterior ring of a GeoJSON polygon without its closing point."""
    return [(p[0], p[1]) for p in polygon["coordinates"][0][:-1]]


def signed_area(ring: Sequence[Point]) -> float:
    """Shoelace area in square degrees; positive for counter-clockwise rings."""
    total = 0.0
    for k in range(len(ring)):
        x1, y1 = ring[k]
        x2, y2 = ring[(k + 1) % len(ring)]
        total += x1 * y2 - x2 * y1
    return total / 2


def centroid(ring: Sequence[Point]) -> Point:
    area = signed_area(ring)
    cx = cy = 0.0
    for k in range(len(ring)):
        x1, y1 = ring[k]
        x2, y2 = ring[(k + 1) % len(ring)]
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return round(cx / (6 * area), 7), round(cy / (6 * area), 7)


def contains(ring: Sequence[Point], point: Point) -> bool:
    """Whether the point lies strictly inside the ring (on its edge is not inside)."""
    return bool(shapely.contains_xy(shapely.Polygon(ring), *point))


def is_convex(ring: Sequence[Point]) -> bool:
    """True when every turn of a counter-clockwise ring is strictly to the left."""
    n = len(ring)
    for k in range(n):
        ax, ay = ring[k]
        bx, by = ring[(k + 1) % n]
        cx, cy = ring[(k + 2) % n]
        if (bx - ax) * (cy - by) - (by - ay) * (cx - bx) <= 0:
            return False
    return True
