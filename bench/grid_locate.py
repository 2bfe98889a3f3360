"""Locating points in process: the grid's point index over the city's 427 units, one point
at a time (`locate`) and all at once (`locate_many`, a vectorised STRtree query), against a
plain scan of every unit (bounding box, then shapely) on the same points."""

import os
import random
import time
from pathlib import Path
from typing import Any

import shapely

from bench.results import write_results
from weimin_democity import City, generate
from weimin_grid.geo.index import GridIndex, IndexedUnit
from weimin_grid.geo.polygons import shape_of

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
            and shapely.intersects_xy(unit.shape.geometry, lon, lat)
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
    started = time.perf_counter()
    in_bulk = index.locate_many(sample)
    bulk_seconds = time.perf_counter() - started
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
        "bulk_points_per_second": round(len(sample) / bulk_seconds),
        "bulk_differing_from_index": sum(a is not b for a, b in zip(found, in_bulk, strict=True)),
        "scan_points": len(scanned),
        "scan_points_per_second": round(scan_rate),
        "scan_differing_from_index": differing,
        "ratio_indexed_over_scan": round(indexed_rate / scan_rate, 1),
    }


def main() -> int:
    """`python -m bench grid-locate`: the in-process part alone (no database), in seconds."""
    load_before = [round(x, 2) for x in os.getloadavg()]
    report = {
        "benchmark": "grid-locate",
        "dataset": "city (427 grid units), 200,000 random points over their extent",
        "locate_in_process": measure(generate("city"), 200_000, 20_000),
        "load_average": {"start": load_before, "end": [round(x, 2) for x in os.getloadavg()]},
        "versions": {"shapely": shapely.__version__, "geos": shapely.geos_version_string},
    }
    print(report)
    write_results(Path(__file__).resolve().parent / "results" / "grid_locate.json", report)
    return 0
