"""WGS-84 ↔ GCJ-02, the obfuscated datum every Chinese base map (AMap, Tencent) draws in.

GCJ-02 is WGS-84 shifted by a published non-linear offset of a few hundred metres
(the widely used "eviltransform" formulation of the official algorithm). The forward
direction is exact. The inverse has no closed form: we iterate the forward function
(fixed point), which converges to under 1e-9 degrees (about 0.1 mm) in a handful of
steps, so a WGS-84 → GCJ-02 → WGS-84 round trip stays within 1 mm anywhere in China.
Outside China the offset is not applied, as the providers themselves do.
"""

import math
from typing import Literal

Crs = Literal["wgs84", "gcj02"]

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as the algorithm specifies
_EE = 0.00669342162296594323
_INVERSE_TOLERANCE_DEGREES = 1e-9
_INVERSE_MAX_STEPS = 30


def out_of_china(lon: float, lat: float) -> bool:
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _shift_lat(x: float, y: float) -> float:
    value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    value += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    value += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2 / 3
    return value


def _shift_lon(x: float, y: float) -> float:
    value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    value += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    value += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    return value


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    if out_of_china(lon, lat):
        return lon, lat
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = _shift_lat(lon - 105.0, lat - 35.0) * 180.0
    d_lat /= (_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi
    d_lon = _shift_lon(lon - 105.0, lat - 35.0) * 180.0
    d_lon /= _A / sqrt_magic * math.cos(rad_lat) * math.pi
    return lon + d_lon, lat + d_lat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    if out_of_china(lon, lat):
        return lon, lat
    wgs_lon, wgs_lat = lon, lat
    for _ in range(_INVERSE_MAX_STEPS):
        shifted_lon, shifted_lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
        error_lon, error_lat = shifted_lon - lon, shifted_lat - lat
        wgs_lon -= error_lon
        wgs_lat -= error_lat
        if max(abs(error_lon), abs(error_lat)) < _INVERSE_TOLERANCE_DEGREES:
            break
    return wgs_lon, wgs_lat


def to_wgs84(lon: float, lat: float, crs: Crs) -> tuple[float, float]:
    return gcj02_to_wgs84(lon, lat) if crs == "gcj02" else (lon, lat)


def distance_metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle (haversine) distance on a 6,371 km sphere: within 0.5 % at city scale."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000.0 * math.asin(min(1.0, math.sqrt(h)))
