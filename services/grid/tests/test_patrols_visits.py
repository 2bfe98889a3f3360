from datetime import datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import POINT_IN

NOW = datetime.fromisoformat("2026-03-02T08:00:00+00:00")


@pytest.fixture
def fixed_clock(app: FastAPI) -> datetime:
    app.state.clock = lambda: NOW
    return NOW


async def start(client: httpx.AsyncClient, world: World, headers: dict[str, str]) -> Any:
    response = await client.post(
        "/v1/patrols", json={"grid_unit_id": str(world.grids["A"])}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_patrol_records_located_check_ins_until_it_ends(
    client: httpx.AsyncClient, world: World, callers: Callers, fixed_clock: datetime
) -> None:
    worker = callers.grid_worker("A")
    patrol = await start(client, world, worker)
    url = f"/v1/patrols/{patrol['id']}"
    lon, lat = POINT_IN["A"]
    home = await client.post(
        f"{url}/check-ins", json={"location": {"lon": lon, "lat": lat}}, headers=worker
    )
    lon_b, lat_b = POINT_IN["B"]
    strayed = await client.post(
        f"{url}/check-ins", json={"location": {"lon": lon_b, "lat": lat_b}}, headers=worker
    )
    assert (home.json()["in_patrol_grid"], strayed.json()["in_patrol_grid"]) == (True, False)
    assert strayed.json()["located_grid_unit_id"] == str(world.grids["B"])
    ended = await client.post(f"{url}/end", headers=worker)
    assert ended.json()["ended_at"] == "2026-03-02T08:00:00Z"
    assert len(ended.json()["check_ins"]) == 2
    late = await client.post(
        f"{url}/check-ins", json={"location": {"lon": lon, "lat": lat}}, headers=worker
    )
    again = await client.post(f"{url}/end", headers=worker)
    assert (late.json()["code"], again.json()["code"]) == ("patrol-ended", "patrol-ended")


async def test_a_check_in_outside_every_grid_is_refused(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    patrol = await start(client, world, callers.grid_worker("A"))
    response = await client.post(
        f"/v1/patrols/{patrol['id']}/check-ins",
        json={"location": {"lon": 100.5, "lat": 25.605}},
        headers=callers.grid_worker("A"),
    )
    assert (response.status_code, response.json()["code"]) == (422, "point-outside-grid")


async def test_patrols_are_seen_only_within_scope(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    patrol = await start(client, world, callers.grid_worker("A"))
    other = await client.get(f"/v1/patrols/{patrol['id']}", headers=callers.grid_worker("B"))
    listed_b = await client.get("/v1/patrols", headers=callers.grid_worker("B"))
    listed_c1 = await client.get("/v1/patrols", headers=callers.community_secretary("C1"))
    elsewhere = await client.post(
        "/v1/patrols",
        json={"grid_unit_id": str(world.grids["B"])},
        headers=callers.grid_worker("A"),
    )
    assert other.status_code == 404
    assert listed_b.json()["items"] == []
    assert [p["id"] for p in listed_c1.json()["items"]] == [patrol["id"]]
    assert elsewhere.status_code == 404


async def visit(
    client: httpx.AsyncClient, world: World, headers: dict[str, str], grid: str, **body: Any
) -> httpx.Response:
    return await client.post(
        "/v1/visits", json={"household_id": str(world.households[grid]), **body}, headers=headers
    )


async def test_households_with_care_tags_are_due_by_their_tags_frequency(
    client: httpx.AsyncClient, world: World, callers: Callers, fixed_clock: datetime
) -> None:
    worker = callers.grid_worker("A")
    never = await client.get("/v1/visits/overdue", headers=worker)
    # Grid A's resident is elderly and alone: never visited, so due at once.
    assert [(o["household_id"], o["care_tags"], o["due_at"]) for o in never.json()] == [
        (str(world.households["A"]), ["elderly_alone"], None)
    ]
    recent = await visit(client, world, worker, "A", visited_at="2026-02-28T09:00:00+08:00")
    assert recent.status_code == 201, recent.text
    assert (await client.get("/v1/visits/overdue", headers=worker)).json() == []
    logged = await client.get("/v1/visits", headers=worker)
    assert [v["visited_at"] for v in logged.json()["items"]] == ["2026-02-28T01:00:00Z"]


async def test_a_visit_older_than_the_frequency_makes_the_household_due(
    client: httpx.AsyncClient, world: World, callers: Callers, fixed_clock: datetime
) -> None:
    worker = callers.grid_worker("A")
    await visit(client, world, worker, "A", visited_at="2026-02-20T08:00:00+00:00", kind="phone")
    overdue = (await client.get("/v1/visits/overdue", headers=worker)).json()
    assert [(o["last_visited_at"], o["due_at"]) for o in overdue] == [
        ("2026-02-20T08:00:00Z", "2026-02-27T08:00:00Z")
    ]


async def test_overdue_visits_and_visit_logs_respect_scope(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    other = await client.get("/v1/visits/overdue", headers=callers.grid_worker("B"))
    assert other.json() == []  # grid B's resident has no care tag, and A is not B's
    logged = await visit(client, world, callers.grid_worker("B"), "A")
    assert logged.status_code == 404
    assert logged.json()["errors"][0]["field"] == "body.household_id"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "telepathy"}, "body.kind"),
        ({"visited_at": "2099-01-01T00:00:00+00:00"}, "body.visited_at"),
        ({"visited_at": "2026-03-01T00:00:00"}, "body.visited_at"),
        ({"location": {"lon": 500, "lat": 25.6}}, "body.location.lon"),
    ],
)
async def test_bad_visits_name_the_field(
    client: httpx.AsyncClient, world: World, callers: Callers, body: dict[str, Any], field: str
) -> None:
    response = await visit(client, world, callers.grid_worker("A"), "A", **body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_visit_frequencies_are_published(client: httpx.AsyncClient, callers: Callers) -> None:
    response = await client.get("/v1/visits/frequencies", headers=callers.admin())
    assert {"care_tag": "elderly_alone", "every_days": 7} in response.json()


async def test_check_ins_and_ending_a_patrol_outside_scope_are_not_found(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    patrol = await start(client, world, callers.grid_worker("A"))
    lon, lat = POINT_IN["A"]
    checked = await client.post(
        f"/v1/patrols/{patrol['id']}/check-ins",
        json={"location": {"lon": lon, "lat": lat}},
        headers=callers.grid_worker("B"),
    )
    ended = await client.post(f"/v1/patrols/{patrol['id']}/end", headers=callers.grid_worker("B"))
    assert (checked.status_code, ended.status_code) == (404, 404)


async def test_a_check_in_sent_later_keeps_the_time_it_was_made_and_sorts_by_it(
    client: httpx.AsyncClient, world: World, callers: Callers, app: FastAPI
) -> None:
    worker = callers.grid_worker("A")
    app.state.clock = lambda: datetime.fromisoformat("2026-03-02T07:00:00+00:00")
    patrol = await start(client, world, worker)
    url = f"/v1/patrols/{patrol['id']}/check-ins"
    lon, lat = POINT_IN["A"]
    app.state.clock = lambda: NOW
    online = await client.post(url, json={"location": {"lon": lon, "lat": lat}}, headers=worker)
    offline = await client.post(
        url,
        json={"location": {"lon": lon, "lat": lat}, "observed_at": "2026-03-02T15:10:00+08:00"},
        headers=worker,
    )
    # A phone whose clock lags the server's a little, just after a start on server time.
    lagging = await client.post(
        url,
        json={"location": {"lon": lon, "lat": lat}, "observed_at": "2026-03-02T06:55:00Z"},
        headers=worker,
    )
    assert lagging.status_code == 201, lagging.text
    assert (online.json()["observed_at"], online.json()["at"]) == (
        "2026-03-02T08:00:00Z",
        "2026-03-02T08:00:00Z",
    )
    assert (offline.json()["observed_at"], offline.json()["at"]) == (
        "2026-03-02T07:10:00Z",
        "2026-03-02T08:00:00Z",
    )
    read = await client.get(f"/v1/patrols/{patrol['id']}", headers=worker)
    listed = [c["id"] for c in read.json()["check_ins"]]
    assert listed == [lagging.json()["id"], offline.json()["id"], online.json()["id"]]


async def test_a_patrol_started_offline_keeps_its_start_so_its_check_ins_fit(
    client: httpx.AsyncClient, world: World, callers: Callers, fixed_clock: datetime
) -> None:
    worker = callers.grid_worker("A")
    started = await client.post(
        "/v1/patrols",
        json={"grid_unit_id": str(world.grids["A"]), "started_at": "2026-03-02T06:30:00Z"},
        headers=worker,
    )
    lon, lat = POINT_IN["A"]
    checked = await client.post(
        f"/v1/patrols/{started.json()['id']}/check-ins",
        json={"location": {"lon": lon, "lat": lat}, "observed_at": "2026-03-02T06:45:00Z"},
        headers=worker,
    )
    assert started.json()["started_at"] == "2026-03-02T06:30:00Z"
    assert checked.status_code == 201, checked.text


@pytest.mark.parametrize(
    ("observed_at", "code"),
    [
        ("2026-03-02T07:30:00", "naive-datetime"),
        ("2026-03-02T08:05:01Z", "in-future"),
        ("2026-03-02T06:54:59Z", "too-early"),
    ],
)
async def test_bad_check_in_times_name_the_field(
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    app: FastAPI,
    observed_at: str,
    code: str,
) -> None:
    worker = callers.grid_worker("A")
    app.state.clock = lambda: datetime.fromisoformat("2026-03-02T07:00:00+00:00")
    patrol = await start(client, world, worker)
    app.state.clock = lambda: NOW
    lon, lat = POINT_IN["A"]
    response = await client.post(
        f"/v1/patrols/{patrol['id']}/check-ins",
        json={"location": {"lon": lon, "lat": lat}, "observed_at": observed_at},
        headers=worker,
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("body.observed_at", code)
    ]


@pytest.mark.parametrize(
    ("started_at", "code"),
    [
        ("2026-03-02T07:30:00", "naive-datetime"),
        ("2026-03-02T08:05:01Z", "in-future"),
        ("2026-02-23T07:59:59Z", "too-early"),
    ],
)
async def test_bad_patrol_start_times_name_the_field(
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    fixed_clock: datetime,
    started_at: str,
    code: str,
) -> None:
    response = await client.post(
        "/v1/patrols",
        json={"grid_unit_id": str(world.grids["A"]), "started_at": started_at},
        headers=callers.grid_worker("A"),
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("body.started_at", code)
    ]
