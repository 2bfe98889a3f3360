"""An in-process point → grid unit index over every unit's boundary.

Many points at once (imports, partner batches, the boundary report's lattice) go through
a shapely STRtree in one vectorised query. One point at a time (the locate endpoint) goes
through a lattice of cells laid over the city's extent, classified with shapely when the
index is built: most cells lie wholly inside one unit and answer with a list lookup; only
the cells an edge runs through test the point against the few units there (bounding box,
then the prepared geometry). Calling into GEOS costs microseconds a call, which a single
point would otherwise pay for every unit near it.

A point on an edge belongs to the unit (boundaries are closed); on an edge two units
share, to the one whose code sorts first, so the answer does not depend on the order the
units were loaded in.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.lib import intersects_xy

from weimin_grid.geo.polygons import BBox, Shape

CELLS_PER_SIDE = 192
#: Cells are widened by this share of a cell before being classified, so a point that
#: rounding puts into a neighbouring cell is still covered by what that cell promises.
CELL_MARGIN = 1e-6


@dataclass(frozen=True, slots=True)
class IndexedUnit:
    id: uuid.UUID
    code: str
    shape: Shape


class GridIndex:
    def __init__(self, units: Iterable[IndexedUnit]) -> None:
        # Sorted by code so a point on a shared edge always resolves to the same unit.
        self.units = sorted(units, key=lambda unit: unit.code)
        self._geometries = np.array([unit.shape.geometry for unit in self.units], dtype=object)
        self._tree = shapely.STRtree(self._geometries)
        # Per cell: the unit holding all of it (None: no unit does), and for the cells an
        # edge runs through, the units to test first, in code order.
        self._whole: list[IndexedUnit | None] = []
        self._listed: dict[int, tuple[IndexedUnit, ...]] = {}
        if not self.units:
            self.extent: BBox = (0.0, 0.0, 0.0, 0.0)
            return
        self.extent = (
            min(u.shape.bbox[0] for u in self.units),
            min(u.shape.bbox[1] for u in self.units),
            max(u.shape.bbox[2] for u in self.units),
            max(u.shape.bbox[3] for u in self.units),
        )
        min_lon, min_lat, max_lon, max_lat = self.extent
        self._step_lon = max((max_lon - min_lon) / CELLS_PER_SIDE, 1e-9)
        self._step_lat = max((max_lat - min_lat) / CELLS_PER_SIDE, 1e-9)
        self._classify()

    def _classify(self) -> None:
        """Which unit holds each whole cell, and which units an edge cell must test: one
        vectorised pass (a cell is widened a little, see CELL_MARGIN)."""
        n, count = CELLS_PER_SIDE, len(self.units)
        cell_x, cell_y = (a.ravel() for a in np.indices((n, n)))
        margin_lon, margin_lat = self._step_lon * CELL_MARGIN, self._step_lat * CELL_MARGIN
        boxes = shapely.box(
            self.extent[0] + cell_x * self._step_lon - margin_lon,
            self.extent[1] + cell_y * self._step_lat - margin_lat,
            self.extent[0] + (cell_x + 1) * self._step_lon + margin_lon,
            self.extent[1] + (cell_y + 1) * self._step_lat + margin_lat,
        )
        cell_at, unit_at = self._tree.query(boxes, predicate="intersects")
        holds = shapely.contains_properly(self._geometries[unit_at], boxes[cell_at])
        # The first unit by code holding the whole cell (count: none does).
        whole = np.full(n * n, count, dtype=np.intp)
        np.minimum.at(whole, cell_at[holds], unit_at[holds])
        units = [*self.units, None]
        self._whole = [units[k] for k in whole.tolist()]
        # Units after the whole cell's holder never answer there: only earlier ones are tested.
        tested = ~holds & (unit_at < whole[cell_at])
        order = np.lexsort((unit_at[tested], cell_at[tested]))
        listed: dict[int, list[IndexedUnit]] = {}
        for cell, unit in zip(
            cell_at[tested][order].tolist(), unit_at[tested][order].tolist(), strict=True
        ):
            listed.setdefault(cell, []).append(self.units[unit])
        self._listed = {cell: tuple(found) for cell, found in listed.items()}

    def _cell(self, lon: float, lat: float) -> tuple[int, int]:
        x = int((lon - self.extent[0]) / self._step_lon)
        y = int((lat - self.extent[1]) / self._step_lat)
        return min(max(x, 0), CELLS_PER_SIDE - 1), min(max(y, 0), CELLS_PER_SIDE - 1)

    def locate(self, lon: float, lat: float) -> IndexedUnit | None:
        """The unit containing the WGS-84 point, or None outside every unit."""
        min_lon, min_lat, max_lon, max_lat = self.extent
        if not (self.units and min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            return None
        x, y = self._cell(lon, lat)
        cell = x * CELLS_PER_SIDE + y
        for unit in self._listed.get(cell, ()):
            box = unit.shape.bbox
            if (
                box[0] <= lon <= box[2]
                and box[1] <= lat <= box[3]
                and intersects_xy(unit.shape.geometry, lon, lat)
            ):
                return unit
        return self._whole[cell]

    def locate_many(self, points: Sequence[tuple[float, float]]) -> list[IndexedUnit | None]:
        """`locate` for each (lon, lat), in one vectorised query of the STRtree."""
        if not points or not self.units:
            return [None] * len(points)
        geometries = shapely.points(np.asarray(points, dtype=float).reshape(-1, 2))
        point_at, unit_at = self._tree.query(geometries, predicate="intersects")
        # The first unit by code for each point; len(units) stands for none.
        first = np.full(len(points), len(self.units), dtype=np.intp)
        np.minimum.at(first, point_at, unit_at)
        units = [*self.units, None]
        return [units[k] for k in first.tolist()]
