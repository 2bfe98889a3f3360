"""An in-process point → grid unit index over every unit's boundary.

The city's extent is cut into a fixed lattice of buckets; each unit is listed in every
bucket its bounding box touches. A lookup is one bucket, a bounding-box test per listed
unit and ray casting on the few left: with 427 units of a few hundred metres each a
bucket holds two or three units, which keeps a lookup to a few microseconds.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from weimin_grid.geo.polygons import BBox, Shape, contains

BUCKETS_PER_SIDE = 64


@dataclass(frozen=True, slots=True)
class IndexedUnit:
    id: uuid.UUID
    code: str
    shape: Shape


class GridIndex:
    def __init__(self, units: Iterable[IndexedUnit]) -> None:
        # Sorted by code so a point on a shared edge always resolves to the same unit.
        self.units = sorted(units, key=lambda unit: unit.code)
        if not self.units:
            self.extent: BBox = (0.0, 0.0, 0.0, 0.0)
            self._buckets: dict[tuple[int, int], list[IndexedUnit]] = {}
            return
        self.extent = (
            min(u.shape.bbox[0] for u in self.units),
            min(u.shape.bbox[1] for u in self.units),
            max(u.shape.bbox[2] for u in self.units),
            max(u.shape.bbox[3] for u in self.units),
        )
        min_lon, min_lat, max_lon, max_lat = self.extent
        self._step_lon = max((max_lon - min_lon) / BUCKETS_PER_SIDE, 1e-9)
        self._step_lat = max((max_lat - min_lat) / BUCKETS_PER_SIDE, 1e-9)
        self._buckets = {}
        for unit in self.units:
            x0, y0 = self._bucket(unit.shape.bbox[0], unit.shape.bbox[1])
            x1, y1 = self._bucket(unit.shape.bbox[2], unit.shape.bbox[3])
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    self._buckets.setdefault((x, y), []).append(unit)

    def _bucket(self, lon: float, lat: float) -> tuple[int, int]:
        x = int((lon - self.extent[0]) / self._step_lon)
        y = int((lat - self.extent[1]) / self._step_lat)
        return min(max(x, 0), BUCKETS_PER_SIDE - 1), min(max(y, 0), BUCKETS_PER_SIDE - 1)

    def locate(self, lon: float, lat: float) -> IndexedUnit | None:
        """The unit containing the WGS-84 point, or None outside every unit."""
        min_lon, min_lat, max_lon, max_lat = self.extent
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            return None
        for unit in self._buckets.get(self._bucket(lon, lat), ()):
            box = unit.shape.bbox
            inside_box = box[0] <= lon <= box[2] and box[1] <= lat <= box[3]
            if inside_box and contains(unit.shape.ring, lon, lat):
                return unit
        return None
