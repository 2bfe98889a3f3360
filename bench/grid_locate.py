"""Locating points in process: the grid's point index over the city's 427 units against a
plain scan of every unit (bounding box, then ray casting) on the same points."""

import random
import time
from typing import Any

from weimin_democity import City
from weimin_grid.geo.index import GridIndex, IndexedUnit
from weimin_grid.geo.polygons import contains, shape_of

SEED = 2024


def city_index(city: City) -> GridIndex:
    return GridIndex(IndexedUnit(u.id, u.code, shape_of(u.boundary)) for u in city.grid_units)


def random_points(index: GridIndex, count: int) -> list[tuple[float, float]]:
    """Uniform over the units' extent (some fall in no unit: those are misses)."""
    rng = random.Random(SEED)
    min_lon, min_lat, max_lon, max_lat = index.extent
    return [(rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)) for _ in range(count)]


def scan(index: GridIndex, lon: float, lat: float) -> IndexedUnit | None:
    """Every unit in code order, as the index orders its buckets."""
    for unit in index.units:
        box = unit.shape.bbox
        if (
            box[0] <= lon <= box[2]
            and box[1] <= lat <= box[3]
            and contains(unit.shape.ring, lon, lat)
        ):
            return unit
    return None


def measure(city: City, points: int, scanned_points: int) -> dict[str, Any]:
    started = time.perf_counter()
    index = city_index(city)
    build_ms = (time.perf_counter() - started) * 1000
    sample = random_points(index, points)
    started = time.perf_counter()
    found = [index.locate(lon, lat) for lon, lat in sample]
    indexed_seconds = time.perf_counter() - started
    scanned = sample[:scanned_points]
    started = time.perf_counter()
    by_scan = [scan(index, lon, lat) for lon, lat in scanned]
    scan_seconds = time.perf_counter() - started
    differing = sum(a is not b for a, b in zip(found, by_scan, strict=False))
    indexed_rate = len(sample) / indexed_seconds
    scan_rate = len(scanned) / scan_seconds
    return {
        "units": len(index.units),
        "index_build_ms": round(build_ms, 1),
        "points": len(sample),
        "inside_a_unit": sum(unit is not None for unit in found),
        "indexed_points_per_second": round(indexed_rate),
        "indexed_us_per_point": round(indexed_seconds / len(sample) * 1e6, 2),
        "scan_points": len(scanned),
        "scan_points_per_second": round(scan_rate),
        "scan_differing_from_index": differing,
        "ratio_indexed_over_scan": round(indexed_rate / scan_rate, 1),
    }
