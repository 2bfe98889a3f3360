from typing import Any

import httpx
import pytest
from grid_world import Callers, World
from incident_helpers import POINT_IN, act, report


@pytest.fixture
async def one_per_grid(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> dict[str, dict[str, Any]]:
    return {
        grid: await report(client, callers.admin(), grid, title=f"垃圾{grid}") for grid in "ABCD"
    }


def caller_headers(callers: Callers, caller: str) -> dict[str, str]:
    kind, _, name = caller.partition("_")
    return {
        "admin": lambda: callers.admin(),
        "street": lambda: callers.street_secretary(name),
        "community": lambda: callers.community_secretary(name),
        "grid": lambda: callers.grid_worker(name),
    }[kind]()


def grids_of(items: list[dict[str, Any]], incidents: dict[str, dict[str, Any]]) -> list[str]:
    by_id = {incident["id"]: grid for grid, incident in incidents.items()}
    return sorted(by_id[item["id"]] for item in items)


@pytest.mark.parametrize(
    ("caller", "visible"),
    [
        ("admin", ["A", "B", "C", "D"]),
        ("street_S1", ["A", "B", "C"]),
        ("community_C1", ["A", "B"]),
        ("community_C3", ["D"]),
        ("grid_B", ["B"]),
    ],
)
async def test_lists_and_searches_hold_exactly_the_callers_incidents(
    client: httpx.AsyncClient,
    callers: Callers,
    one_per_grid: dict[str, dict[str, Any]],
    caller: str,
    visible: list[str],
) -> None:
    headers = caller_headers(callers, caller)
    listed = await client.get("/v1/incidents", headers=headers)
    searched = await client.get("/v1/incidents", params={"q": "垃圾"}, headers=headers)
    assert grids_of(listed.json()["items"], one_per_grid) == visible
    assert grids_of(searched.json()["items"], one_per_grid) == visible


async def test_an_incident_outside_scope_is_not_found_by_id_timeline_or_step(
    client: httpx.AsyncClient, callers: Callers, one_per_grid: dict[str, dict[str, Any]]
) -> None:
    worker = callers.grid_worker("A")
    other = one_per_grid["B"]
    fetched = await client.get(f"/v1/incidents/{other['id']}", headers=worker)
    timeline = await client.get(f"/v1/incidents/{other['id']}/timeline", headers=worker)
    stepped = await act(client, worker, other, "accept")
    own = await client.get(f"/v1/incidents/{one_per_grid['A']['id']}", headers=worker)
    assert [fetched.status_code, timeline.status_code, stepped.status_code] == [404, 404, 404]
    assert own.status_code == 200
    assert own.headers["etag"] == '"1"'


async def test_reporters_without_a_staff_role_cannot_read_the_queue(
    client: httpx.AsyncClient, callers: Callers, one_per_grid: dict[str, dict[str, Any]]
) -> None:
    resident = callers.keys.headers(roles=["resident"], subject="resident-1")
    listed = await client.get("/v1/incidents", headers=resident)
    fetched = await client.get(f"/v1/incidents/{one_per_grid['A']['id']}", headers=resident)
    assert (listed.status_code, fetched.status_code) == (403, 403)


async def test_duplicates_are_suggested_nearby_in_the_same_category_within_scope(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    near = await report(client, callers.admin(), "A")
    await report(client, callers.admin(), "A", category_code="0501", extra={})  # other category
    far = await report(client, callers.admin(), "A", location={"lon": 100.2095, "lat": 25.6095})
    closed = await report(client, callers.admin(), "A")
    await act(client, callers.admin(), closed, "reject")
    lon, lat = POINT_IN["A"]
    params = {"category_code": "0101", "lon": lon + 0.0003, "lat": lat, "radius_m": 150}
    response = await client.get(
        "/v1/incidents/duplicate-candidates", params=params, headers=callers.grid_worker("A")
    )
    assert [(c["incident"]["id"], c["distance_m"]) for c in response.json()] == [(near["id"], 30.1)]
    wider = await client.get(
        "/v1/incidents/duplicate-candidates",
        params={**params, "radius_m": 1000},
        headers=callers.grid_worker("A"),
    )
    assert [c["incident"]["id"] for c in wider.json()] == [near["id"], far["id"]]
    other_grid = await client.get(
        "/v1/incidents/duplicate-candidates", params=params, headers=callers.grid_worker("B")
    )
    assert other_grid.json() == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category_code": "0101", "lon": 100.2, "lat": 25.6, "radius_m": 5000}, "query.radius_m"),
        ({"category_code": "0101", "lat": 25.6}, "query.lon"),
        ({"category_code": "8888", "lon": 100.2, "lat": 25.6}, "query.category_code"),
    ],
)
async def test_bad_duplicate_queries_name_the_field(
    client: httpx.AsyncClient, callers: Callers, params: dict[str, Any], field: str
) -> None:
    response = await client.get(
        "/v1/incidents/duplicate-candidates", params=params, headers=callers.admin()
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("state=lost", "query.state"),
        ("category_code=1", "query.category_code"),
        ("overdue=maybe", "query.overdue"),
        ("grid_unit_id=x", "query.grid_unit_id"),
    ],
)
async def test_bad_list_filters_name_the_field(
    client: httpx.AsyncClient, callers: Callers, query: str, field: str
) -> None:
    response = await client.get(f"/v1/incidents?{query}", headers=callers.admin())
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_list_filters_combine(
    client: httpx.AsyncClient, world: World, callers: Callers, one_per_grid: dict[str, Any]
) -> None:
    await act(client, callers.admin(), one_per_grid["A"], "accept")
    response = await client.get(
        "/v1/incidents",
        params={"state": "accepted", "grid_unit_id": str(world.grids["A"])},
        headers=callers.admin(),
    )
    assert [i["id"] for i in response.json()["items"]] == [one_per_grid["A"]["id"]]


async def test_reporters_follow_their_own_reports_and_nobody_elses(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    resident = callers.keys.headers(roles=["resident"], subject="resident-9")
    other = callers.keys.headers(roles=["resident"], subject="resident-10")
    mine = await report(client, resident, "D", anonymous=True)
    await report(client, callers.admin(), "D")
    own = await client.get("/v1/incidents/mine", headers=resident)
    theirs = await client.get("/v1/incidents/mine", headers=other)
    kiosk = await client.get(
        "/v1/incidents/mine", headers=callers.keys.headers(roles=["kiosk"], subject="k")
    )
    assert [(i["id"], i["state"]) for i in own.json()["items"]] == [(mine["id"], "reported")]
    assert theirs.json()["items"] == []
    assert kiosk.status_code == 403
    bad = await client.get("/v1/incidents/mine?limit=0", headers=resident)
    assert bad.json()["errors"][0]["field"] == "query.limit"
