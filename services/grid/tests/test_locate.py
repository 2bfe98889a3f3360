import asyncio
import time
import uuid

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World
from sqlalchemy import insert

from weimin_democity import generate
from weimin_grid.geo import service as geo_service
from weimin_grid.geo.coords import wgs84_to_gcj02
from weimin_grid.geo.index import GridIndex, IndexedUnit
from weimin_grid.geo.polygons import interiors_overlap, shape_of
from weimin_grid.registry.models import Building
from weimin_grid.units.boundaries import gap_samples
from weimin_kit.ids import new_id


@pytest.fixture(scope="module")
def demo_index() -> tuple[GridIndex, list[tuple[uuid.UUID, float, float]]]:
    city = generate("demo")
    index = GridIndex(IndexedUnit(u.id, u.code, shape_of(u.boundary)) for u in city.grid_units)
    buildings = [(b.grid_unit_id, b.lon, b.lat) for b in city.iter_buildings()]
    return index, buildings


def test_every_demo_building_is_located_in_its_own_grid_unit(
    demo_index: tuple[GridIndex, list[tuple[uuid.UUID, float, float]]],
) -> None:
    index, buildings = demo_index
    assert len(index.units) == 427
    wrong = [
        b for b in buildings if (found := index.locate(b[1], b[2])) is None or found.id != b[0]
    ]
    assert wrong == []


def test_points_beyond_the_demo_city_are_in_no_unit(
    demo_index: tuple[GridIndex, list[tuple[uuid.UUID, float, float]]],
) -> None:
    index, _ = demo_index
    min_lon, min_lat, max_lon, max_lat = index.extent
    assert index.locate(min_lon - 0.001, min_lat) is None
    assert index.locate(max_lon, max_lat + 0.001) is None
    assert index.locate(0.0, 0.0) is None


def test_in_process_lookup_is_fast_enough_for_bulk_use(
    demo_index: tuple[GridIndex, list[tuple[uuid.UUID, float, float]]],
) -> None:
    # A smoke check on a slow shared machine, not the benchmark (which wants 50,000/s).
    index, buildings = demo_index
    points = [(lon, lat) for _, lon, lat in buildings] * 5
    started = time.perf_counter()
    for lon, lat in points:
        index.locate(lon, lat)
    rate = len(points) / (time.perf_counter() - started)
    assert rate > 10_000


async def test_a_point_is_located_in_its_grid_unit_with_the_nearest_building(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.get(
        "/v1/locate", params={"lon": 100.2052, "lat": 25.6051}, headers=callers.grid_worker("A")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["grid_unit"]["id"] == str(world.grids["A"])
    assert (body["lon"], body["lat"], body["crs"], body["in_scope"]) == (
        100.2052,
        25.6051,
        "wgs84",
        True,
    )
    assert body["nearest_building"]["id"] == str(world.buildings["A"])
    assert 20 < body["nearest_building"]["distance_m"] < 30


async def test_a_gcj02_point_is_converted_before_locating(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    lon, lat = wgs84_to_gcj02(100.235, 25.605)  # the centre of grid D, as a base map shows it
    response = await client.get(
        "/v1/locate", params={"lon": lon, "lat": lat, "crs": "gcj02"}, headers=callers.admin()
    )
    body = response.json()
    assert body["grid_unit"]["id"] == str(world.grids["D"])
    assert (body["lon"], body["lat"]) == (100.235, 25.605)
    assert body["nearest_building"]["distance_m"] == 0.0


async def test_a_point_outside_every_grid_unit_is_refused(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.get(
        "/v1/locate", params={"lon": 100.30, "lat": 25.605}, headers=callers.admin()
    )
    assert response.status_code == 422
    assert response.json()["code"] == "point-outside-grid"
    assert response.json()["errors"][0]["code"] == "outside-grid"


async def test_locating_outside_ones_scope_names_the_unit_but_no_building(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.get(
        "/v1/locate", params={"lon": 100.215, "lat": 25.605}, headers=callers.grid_worker("A")
    )
    body = response.json()
    assert body["grid_unit"]["id"] == str(world.grids["B"])
    assert (body["in_scope"], body["nearest_building"]) == (False, None)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"lon": 181, "lat": 25.6}, "query.lon"),
        ({"lon": 100.2, "lat": "north"}, "query.lat"),
        ({"lon": 100.2, "lat": 25.6, "crs": "bd09"}, "query.crs"),
        ({"lat": 25.6}, "query.lon"),
    ],
)
async def test_malformed_points_name_the_field(
    client: httpx.AsyncClient, callers: Callers, params: dict[str, object], field: str
) -> None:
    response = await client.get("/v1/locate", params=params, headers=callers.admin())
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_locating_needs_a_staff_role(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.get(
        "/v1/locate", params={"lon": 100.205, "lat": 25.605}, headers=callers.volunteer("A")
    )
    assert response.status_code == 403


def test_the_demo_citys_tiling_has_no_overlaps_and_no_gaps(
    demo_index: tuple[GridIndex, list[tuple[uuid.UUID, float, float]]],
) -> None:
    index, _ = demo_index
    units = index.units
    overlapping = [
        (a.code, b.code)
        for k, a in enumerate(units)
        for b in units[k + 1 :]
        if interiors_overlap(a.shape, b.shape)
    ]
    assert overlapping == []
    assert gap_samples(units) == []


async def locate_in_a(client: httpx.AsyncClient, callers: Callers, lat: float) -> httpx.Response:
    return await client.get(
        "/v1/locate", params={"lon": 100.205, "lat": lat}, headers=callers.grid_worker("A")
    )


async def test_a_redrawn_boundary_is_followed_by_the_next_lookup(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    assert (await locate_in_a(client, callers, 25.611)).status_code == 422  # north of A
    taller = {
        "type": "Polygon",
        "coordinates": [
            [[100.20, 25.60], [100.21, 25.60], [100.21, 25.612], [100.20, 25.612], [100.20, 25.60]]
        ],
    }
    redrawn = await client.put(
        f"/v1/grid-units/{world.grids['A']}/boundary",
        json={"boundary": taller},
        headers={**callers.admin(), "If-Match": '"1"'},
    )
    assert redrawn.status_code == 200, redrawn.text
    located = await locate_in_a(client, callers, 25.611)
    assert located.status_code == 200, located.text
    assert located.json()["grid_unit"]["id"] == str(world.grids["A"])


async def test_an_imported_building_is_the_nearest_at_the_next_lookup(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    before = (await locate_in_a(client, callers, 25.608)).json()["nearest_building"]
    assert before["id"] == str(world.buildings["A"])
    code = (await client.get(f"/v1/grid-units/{world.grids['A']}", headers=callers.admin())).json()[
        "code"
    ]
    imported = await client.post(
        "/v1/imports/buildings",
        content=f"grid_unit_code,address,lon,lat,floors\n{code},大理市测试路1号9栋,100.205,25.608,5\n",
        headers={**callers.admin(), "Content-Type": "text/csv"},
    )
    assert imported.json()["created"] == 1, imported.text
    after = (await locate_in_a(client, callers, 25.608)).json()["nearest_building"]
    assert (after["address"], after["distance_m"]) == ("大理市测试路1号9栋", 0.0)


async def test_another_processs_building_is_seen_once_the_cache_revalidates(
    app: FastAPI,
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert (await locate_in_a(client, callers, 25.608)).json()["nearest_building"]["id"] == str(
        world.buildings["A"]
    )
    # A plain INSERT, as another replica's would be: nothing in this process hears of it.
    async with app.state.database.sessionmaker() as session:
        await session.execute(
            insert(Building).values(
                id=new_id(),
                grid_unit_id=world.grids["A"],
                address="大理市测试路1号8栋",
                lon=100.205,
                lat=25.608,
                floors=4,
                street_id=world.streets["S1"],
                community_id=world.communities["C1"],
            )
        )
        await session.commit()
    cached = (await locate_in_a(client, callers, 25.608)).json()["nearest_building"]
    assert cached["id"] == str(world.buildings["A"])  # within REVALIDATE_SECONDS
    monkeypatch.setattr(geo_service, "REVALIDATE_SECONDS", 0.0)
    fresh = (await locate_in_a(client, callers, 25.608)).json()["nearest_building"]
    assert (fresh["address"], fresh["distance_m"]) == ("大理市测试路1号8栋", 0.0)


async def test_while_one_lookup_checks_the_cache_the_others_answer_from_it(
    app: FastAPI,
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert (await locate_in_a(client, callers, 25.608)).status_code == 200  # cache built
    monkeypatch.setattr(geo_service, "REVALIDATE_SECONDS", 0.0)  # every lookup is due a check
    cache: geo_service.IndexCache = app.state.grid_index_cache
    async with cache._lock:  # another lookup's check is in progress
        located = await asyncio.wait_for(locate_in_a(client, callers, 25.608), timeout=5)
    assert located.json()["nearest_building"]["id"] == str(world.buildings["A"])


async def test_a_lookup_after_a_boundary_change_here_waits_for_the_check(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    assert (await locate_in_a(client, callers, 25.608)).status_code == 200
    geo_service._LocalChanges.generation += 1  # as a commit of a unit here does
    cache: geo_service.IndexCache = app.state.grid_index_cache
    async with cache._lock:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(locate_in_a(client, callers, 25.608), timeout=0.5)
