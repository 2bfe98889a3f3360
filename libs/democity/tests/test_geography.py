import hashlib

from weimin_democity import City
from weimin_democity.geography import contains, is_convex, ring_of, signed_area


def test_grid_units_are_closed_counter_clockwise_convex_quadrilaterals(city: City) -> None:
    for grid in city.grid_units:
        coordinates = grid.boundary["coordinates"][0]
        assert grid.boundary["type"] == "Polygon"
        assert coordinates[0] == coordinates[-1]
        assert len(coordinates) == 5
        assert is_convex(ring_of(grid.boundary))


def test_area_is_near_dali_and_a_few_kilometres_across(city: City) -> None:
    ring = ring_of(city.boundary)
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    assert 100.19 < min(lons) < max(lons) < 100.27
    assert 25.57 < min(lats) < max(lats) < 25.63


def test_grid_unit_areas_sum_to_the_whole_area(city: City) -> None:
    whole = signed_area(ring_of(city.boundary))
    total = sum(signed_area(ring_of(g.boundary)) for g in city.grid_units)
    assert whole > 0
    assert abs(total - whole) / whole < 1e-9


def test_communities_and_streets_are_exactly_their_grid_units(city: City) -> None:
    by_community: dict[object, float] = {}
    for grid in city.grid_units:
        area = signed_area(ring_of(grid.boundary))
        by_community[grid.community_id] = by_community.get(grid.community_id, 0.0) + area
    for community in city.communities:
        expected = by_community[community.id]
        assert abs(signed_area(ring_of(community.boundary)) - expected) / expected < 1e-9
    whole = signed_area(ring_of(city.boundary))
    streets = sum(signed_area(ring_of(s.boundary)) for s in city.streets)
    assert abs(streets - whole) / whole < 1e-9


def test_shared_edges_use_identical_coordinates(city: City) -> None:
    edges: dict[tuple[tuple[float, float], tuple[float, float]], int] = {}
    for grid in city.grid_units:
        ring = ring_of(grid.boundary)
        for k in range(4):
            a, b = ring[k], ring[(k + 1) % 4]
            edges[(a, b)] = edges.get((a, b), 0) + 1
    # each directed edge is used once; an interior edge appears once in each direction
    assert set(edges.values()) == {1}
    interior = sum(1 for a, b in edges if (b, a) in edges)
    boundary = len(ring_of(city.boundary))
    assert interior + boundary == len(edges)


def _points(count: int, ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    points: list[tuple[float, float]] = []
    n = 0
    while len(points) < count:
        raw = hashlib.sha256(f"sample:{n}".encode()).digest()
        n += 1
        u, v = int.from_bytes(raw[:4]) / 2**32, int.from_bytes(raw[4:8]) / 2**32
        point = (min(lons) + u * (max(lons) - min(lons)), min(lats) + v * (max(lats) - min(lats)))
        if contains(ring, point):
            points.append(point)
    return points


def test_every_point_of_the_area_lies_in_exactly_one_grid_unit(city: City) -> None:
    rings = [ring_of(g.boundary) for g in city.grid_units]
    for point in _points(2_000, ring_of(city.boundary)):
        assert sum(1 for ring in rings if contains(ring, point)) == 1


def test_every_building_stands_inside_its_own_grid_unit(city: City) -> None:
    rings = {g.id: ring_of(g.boundary) for g in city.grid_units}
    for building in city.iter_buildings():
        assert contains(rings[building.grid_unit_id], (building.lon, building.lat))
        assert building.floors >= 1


def test_centroids_lie_inside_their_grid_units(city: City) -> None:
    assert all(contains(ring_of(g.boundary), g.centroid) for g in city.grid_units)
