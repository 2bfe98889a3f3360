"""`incident.reported` asking for hands -> one dispatch task for the incident, offered to
the best-ranked volunteers like a task staff create; anything else opens nothing."""

import uuid
from typing import Any

import httpx
from consumer_events import INCIDENT_REPORTED, apply, event, recorded
from fastapi import FastAPI
from volunteer_world import CENTRE, World, ok

from weimin_events import payloads
from weimin_kit.ids import new_id


def reported(world: World, incident_id: uuid.UUID, **extra: Any) -> dict[str, Any]:
    lon, lat = CENTRE["C1"]
    return {
        "incident_id": incident_id,
        "category_code": "0101",
        "grid_unit_id": GRID_UNIT,
        "priority": "normal",
        **world.place("C1"),
        "needs_hands": True,
        "volunteers_wanted": 2,
        "skills": ["cleaning"],
        "lon": lon,
        "lat": lat,
        **extra,
    }


GRID_UNIT = new_id()


async def tasks(client: httpx.AsyncClient, headers: dict[str, str]) -> list[Any]:
    items: list[Any] = ok(await client.get("/v1/tasks", headers=headers))["items"]
    return items


async def test_an_incident_asking_for_hands_opens_one_offered_task(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    incident = new_id()
    sent = event(INCIDENT_REPORTED, reported(world, incident))
    assert await apply(app, sent) == "applied"
    assert await apply(app, sent) == "duplicate"
    # Re-sent under another id (a producer's retry after a lost outbox mark): still one.
    assert await apply(app, event(INCIDENT_REPORTED, sent.data)) == "applied"

    [task] = await tasks(client, world.secretary("C1"))
    assert task["source_ref"] == f"incident:{incident}"
    assert (task["kind"], task["mode"], task["status"]) == ("incident", "offer", "offered")
    assert (task["lon"], task["lat"]) == CENTRE["C1"]
    assert task["community_id"] == str(world.communities["C1"])
    assert task["grid_unit_id"] == str(GRID_UNIT)
    assert (task["skill_code"], task["volunteers_wanted"]) == ("cleaning", 2)
    detail = ok(await client.get(f"/v1/tasks/{task['id']}", headers=world.secretary("C1")))
    offered = [world.name_of(o["volunteer_id"]) for o in detail["offers"]]
    assert sorted(offered) == ["ann", "bob", "cat"]  # the top three, as for staff's tasks
    mine = ok(await client.get("/v1/volunteers/me/tasks", headers=world.headers("ann")))
    assert [t["id"] for t in mine["items"]] == [task["id"]]
    assert len(await recorded(app, payloads.TaskOffered.event_type)) == 3


async def test_incidents_not_asking_for_hands_or_without_a_point_open_nothing(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    for extra in ({"needs_hands": False}, {"lon": None, "lat": None}, {"community_id": None}):
        assert await apply(app, event(INCIDENT_REPORTED, reported(world, new_id(), **extra))) == (
            "applied"
        )
    assert await tasks(client, world.admin()) == []


async def test_skills_volunteers_do_not_know_open_the_task_without_a_skill(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    data = reported(world, new_id(), skills=["drone_pilot"], volunteers_wanted=None)
    await apply(app, event(INCIDENT_REPORTED, data))
    [task] = await tasks(client, world.secretary("C1"))
    assert (task["skill_code"], task["volunteers_wanted"]) == (None, 1)
    assert "drone_pilot" in task["description"]


async def test_staff_cannot_open_a_second_task_for_the_same_source(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    incident = new_id()
    await apply(app, event(INCIDENT_REPORTED, reported(world, incident)))
    lon, lat = CENTRE["C1"]
    again = await client.post(
        "/v1/tasks",
        json={
            "kind": "incident",
            "title": "再派一次",
            **world.place("C1"),
            "lon": lon,
            "lat": lat,
            "source_ref": f"incident:{incident}",
        },
        headers=world.secretary("C1"),
    )
    assert again.status_code == 409
    assert again.json()["code"] == "task-source-taken"
    assert again.json()["errors"][0]["field"] == "body.source_ref"
    assert len(await tasks(client, world.secretary("C1"))) == 1


async def test_the_incident_task_is_seen_in_its_scope_only(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    await apply(app, event(INCIDENT_REPORTED, reported(world, new_id())))
    grid_worker = world.keys.headers(
        roles=["grid_worker"], scopes=[f"grid:{GRID_UNIT}"], subject=str(new_id())
    )
    [task] = await tasks(client, grid_worker)
    assert ok(await client.get(f"/v1/tasks/{task['id']}", headers=grid_worker))["task"]["id"]
    assert await tasks(client, world.secretary("C3")) == []
    outside = await client.get(f"/v1/tasks/{task['id']}", headers=world.secretary("C3"))
    assert outside.status_code == 404
