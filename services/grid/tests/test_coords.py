import math

from hypothesis import given
from hypothesis import strategies as st

from weimin_grid.geo.coords import distance_metres, gcj02_to_wgs84, wgs84_to_gcj02

CHINA_LON = st.floats(min_value=73.0, max_value=135.0)
CHINA_LAT = st.floats(min_value=18.0, max_value=53.0)


def test_forward_conversion_matches_the_published_reference_vector() -> None:
    # The reference pair every GCJ-02 implementation is checked against (Tiananmen).
    lon, lat = wgs84_to_gcj02(116.404, 39.915)
    assert math.isclose(lon, 116.41024449916938, abs_tol=1e-12)
    assert math.isclose(lat, 39.91640428150164, abs_tol=1e-12)


def test_dali_is_shifted_by_a_few_hundred_metres() -> None:
    shifted = wgs84_to_gcj02(100.23, 25.60)
    assert 100 < distance_metres(100.23, 25.60, *shifted) < 600


@given(CHINA_LON, CHINA_LAT)
def test_round_trip_through_gcj02_stays_within_a_millimetre(lon: float, lat: float) -> None:
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert distance_metres(lon, lat, *back) < 0.001


def test_points_outside_china_are_not_shifted() -> None:
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert gcj02_to_wgs84(2.35, 48.85) == (2.35, 48.85)
