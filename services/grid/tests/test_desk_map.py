"""The grid worker's desk (home screen) and a grid unit's map as GeoJSON, with scope."""

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import report, walk
from sqlalchemy import update

from weimin_grid.desk.service import local_midnight
from weimin_grid.incidents.models import Incident
from weimin_grid.joint_defence.models import Alarm, JointDefenceGroup
from weimin_grid.units.models import GridUnit
from weimin_kit.ids import new_id

NOW = datetime.fromisoformat("2026-03-02T08:00:00+00:00")


async def _alarm(app: FastAPI, world: World, grid: str, state: str) -> None:
    """An alarm row in grid's unit (the raising flow is tested in test_joint_defence)."""
    async with app.state.database.sessionmaker() as session:
        unit = {"grid_unit_id": world.grids[grid]}
        found = await session.get(GridUnit, world.grids[grid])
        assert found is not None
        ancestry = {"street_id": found.street_id, "community_id": found.community_id}
        group = JointDefenceGroup(
            name=f"{grid}栋联防",
            lead_household_id=world.households[grid],
            answer_minutes=5,
            **unit,
            **ancestry,
        )
        session.add(group)
        await session.flush()
        session.add(
            Alarm(
                id=new_id(),
                group_id=group.id,
                raised_by="member-1",
                kind="intrusion",
                note=None,
                state=state,
                raised_at=NOW - timedelta(minutes=3),
                answer_due_at=NOW + timedelta(minutes=2),
                escalated_at=None,
                **unit,
                **ancestry,
            )
        )
        await session.commit()


async def _make_overdue(app: FastAPI, incident: dict[str, Any]) -> None:
    async with app.state.database.sessionmaker() as session:
        await session.execute(
            update(Incident)
            .where(Incident.id == uuid.UUID(incident["id"]))
            .values(due_at=NOW - timedelta(hours=1))
        )
        await session.commit()


async def test_the_desk_counts_and_lists_what_the_worker_has_to_do_in_their_grid_only(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    app.state.clock = lambda: NOW
    late = await report(client, worker, "A", title="井盖缺失")
    await _make_overdue(app, late)
    await walk(client, worker, await report(client, worker, "A"), "accept", "assign")
    await report(client, callers.grid_worker("B"), "B", title="别的网格")
    await _alarm(app, world, "A", "open")
    await _alarm(app, world, "A", "answered")
    await _alarm(app, world, "B", "open")

    response = await client.get("/v1/grid-units/my-desk", headers=worker)
    assert response.status_code == 200, response.text
    desk = response.json()
    assert desk["grid_unit_count"] == 1
    (unit,) = desk["grid_units"]
    assert unit["id"] == str(world.grids["A"])
    assert (unit["buildings"], unit["households"], unit["residents"]) == (1, 1, 1)
    assert unit["open_incidents"] == 2
    assert (desk["incidents_open"], desk["incidents_overdue"]) == (2, 1)
    assert desk["incidents_assigned_to_me"] == 1
    # The worker's own incident first, then the overdue one.
    assert [i["assigned_to_me"] for i in desk["incidents"]] == [True, False]
    assert desk["incidents"][1]["title"] == "井盖缺失"
    assert desk["incidents"][1]["overdue"] is True
    assert desk["alarms_unanswered"] == 1
    assert [a["group_name"] for a in desk["alarms"]] == ["A栋联防"]
    assert desk["patrols_today"] == 0


async def test_a_community_secretary_sees_every_unit_of_the_community(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.get("/v1/grid-units/my-desk", headers=callers.community_secretary("C1"))
    assert response.status_code == 200, response.text
    desk = response.json()
    assert desk["grid_unit_count"] == 2
    assert {u["id"] for u in desk["grid_units"]} == {str(world.grids["A"]), str(world.grids["B"])}


async def test_todays_patrols_count_from_beijing_midnight(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    app.state.clock = lambda: NOW
    started = await client.post(
        "/v1/patrols", json={"grid_unit_id": str(world.grids["A"])}, headers=worker
    )
    assert started.status_code == 201, started.text
    desk = (await client.get("/v1/grid-units/my-desk", headers=worker)).json()
    assert desk["patrols_today"] == 1
    # 08:00 UTC is 16:00 in Beijing; the day began at 16:00 UTC the day before.
    assert local_midnight(NOW) == datetime.fromisoformat("2026-03-01T16:00:00+00:00")


async def test_the_desk_needs_a_staff_role(client: httpx.AsyncClient, callers: Callers) -> None:
    response = await client.get("/v1/grid-units/my-desk", headers=callers.volunteer())
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_the_map_is_geojson_of_the_boundary_buildings_and_open_incidents(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    app.state.clock = lambda: NOW
    late = await report(client, worker, "A", title="井盖缺失")
    await _make_overdue(app, late)
    closed = await report(client, worker, "A", title="已办结")
    await walk(client, worker, closed, "reject")

    response = await client.get(f"/v1/grid-units/{world.grids['A']}/map", headers=worker)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["bbox"] == [100.2, 25.6, 100.21, 25.61]
    kinds = [f["properties"]["kind"] for f in body["features"]]
    assert kinds == ["grid_unit", "building", "incident"]
    unit, building, incident = body["features"]
    assert unit["geometry"]["type"] == "Polygon"
    assert unit["properties"]["id"] == str(world.grids["A"])
    assert building["geometry"] == {"type": "Point", "coordinates": [100.205, 25.605]}
    assert building["properties"]["id"] == str(world.buildings["A"])
    assert incident["properties"]["title"] == "井盖缺失"
    assert incident["properties"]["overdue"] is True
    assert incident["geometry"]["coordinates"] == [100.2052, 25.6051]


async def test_a_worker_cannot_read_another_grids_map(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.get(
        f"/v1/grid-units/{world.grids['B']}/map", headers=callers.grid_worker("A")
    )
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    secretary = callers.community_secretary("C1")
    assert (
        await client.get(f"/v1/grid-units/{world.grids['B']}/map", headers=secretary)
    ).status_code == 200
    assert (
        await client.get(f"/v1/grid-units/{world.grids['C']}/map", headers=secretary)
    ).status_code == 404


async def test_a_map_of_no_such_unit_or_a_bad_id_is_refused(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    missing = await client.get(f"/v1/grid-units/{new_id()}/map", headers=callers.admin())
    assert missing.status_code == 404
    bad = await client.get("/v1/grid-units/not-a-uuid/map", headers=callers.admin())
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    fields = [error["field"] for error in bad.json()["errors"]]
    assert fields == ["path.grid_unit_id"]
