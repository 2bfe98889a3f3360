"""The grid's part of the cross-service flows: what it tells (incident reported with a
request for hands, alarm raised with its point) and what it does when volunteers finish a
task opened for one of its incidents."""

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from grid_world import Callers, centre
from incident_helpers import events, report, walk
from test_joint_defence import group_body, member, neighbours

from weimin_events import payloads
from weimin_events.payloads import AlarmRaised, IncidentReported
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.http import HttpTransport
from weimin_kit.events.inbox import apply_event
from weimin_kit.settings import DEV_EVENTS_SECRET

TASK_COMPLETED = payloads.TaskCompleted.event_type
__all__ = ["neighbours"]  # a fixture of the joint-defence tests, used here too


def task_completed(incident_id: object, event_id: str | None = None) -> CloudEvent:
    return CloudEvent(
        specversion="1.0",
        id=event_id or uuid.uuid4().hex,
        source="/weimin/volunteers",
        type=TASK_COMPLETED,
        subject=str(uuid.uuid4()),
        data={
            "task_id": str(uuid.uuid4()),
            "volunteer_id": str(uuid.uuid4()),
            "source_ref": f"incident:{incident_id}",
        },
    )


async def timeline(client: httpx.AsyncClient, headers: dict[str, str], incident: Any) -> list[Any]:
    response = await client.get(f"/v1/incidents/{incident['id']}/timeline", headers=headers)
    assert response.status_code == 200
    body = response.json()
    entries: list[Any] = body["items"] if isinstance(body, dict) else body
    return entries


async def test_a_report_asking_for_hands_tells_volunteers_where_and_what(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    wanted = {"volunteers_wanted": 3, "skills": ["first_aid"]}
    asked = await report(client, callers.grid_worker("A"), volunteer_request=wanted)
    plain = await report(client, callers.grid_worker("A"))
    assert asked["volunteer_request"] == wanted

    [(kind, data)] = await events(app, asked["id"])
    sent = IncidentReported.model_validate(data)
    assert kind == payloads.IncidentReported.event_type
    assert sent.needs_hands
    assert (sent.volunteers_wanted, sent.skills) == (3, ["first_aid"])
    assert (sent.lon, sent.lat) == (asked["lon"], asked["lat"])
    assert str(sent.community_id) == asked["community_id"]
    [(_, plain_data)] = await events(app, plain["id"])
    assert IncidentReported.model_validate(plain_data).needs_hands is False


async def test_a_bad_request_for_hands_is_refused_naming_the_field(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    response = await client.post(
        "/v1/incidents",
        json={
            "category_code": "0101",
            "title": "t",
            "location": {"lon": 100.2052, "lat": 25.6051},
            "extra": {"volume": "cart"},
            "volunteer_request": {"volunteers_wanted": 0},
        },
        headers=callers.grid_worker("A"),
    )
    assert response.status_code == 422
    assert "volunteers_wanted" in str(response.json()["errors"][0]["field"])


async def test_a_completed_volunteer_task_resolves_its_assigned_incident_once(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    incident = await walk(client, worker, await report(client, worker), "accept", "assign")
    completed = task_completed(incident["id"])

    assert await apply_event(app.state.database, app.state.event_handlers, completed) == "applied"
    assert await apply_event(app.state.database, app.state.event_handlers, completed) == "duplicate"

    now = (await client.get(f"/v1/incidents/{incident['id']}", headers=worker)).json()
    assert now["state"] == "resolved"
    actions = [entry["action"] for entry in await timeline(client, worker, incident)]
    assert actions.count("volunteer_task_done") == 1
    # One instant: the timeline orders same-time lines by id, so compare as a set.
    assert set(actions[-3:]) == {"volunteer_task_done", "start", "resolve"}


async def test_a_completed_task_on_an_incident_not_yet_assigned_only_adds_to_its_timeline(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    incident = await report(client, worker)
    await apply_event(app.state.database, app.state.event_handlers, task_completed(incident["id"]))
    now = (await client.get(f"/v1/incidents/{incident['id']}", headers=worker)).json()
    assert now["state"] == "reported"
    assert "volunteer_task_done" in [e["action"] for e in await timeline(client, worker, incident)]


async def test_signed_deliveries_are_applied_and_forged_or_poison_ones_refused(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    incident = await walk(client, worker, await report(client, worker), "accept", "assign", "start")
    signer = HttpTransport(client, {}, lambda _t: (), DEV_EVENTS_SECRET)
    good = task_completed(incident["id"]).to_json()
    poison = CloudEvent(
        specversion="1.0",
        id="p-1",
        source="/weimin/volunteers",
        type=TASK_COMPLETED,
        data={"volunteer_id": "nobody"},
    ).to_json()

    unsigned = await client.post("/v1/events", content=good)
    assert unsigned.status_code == 401
    rejected = await client.post(
        "/v1/events", content=poison, headers=signer._signature("p-1", poison)
    )
    assert rejected.status_code == 422
    assert rejected.json()["code"] == "event-rejected"
    assert (await client.get(f"/v1/incidents/{incident['id']}", headers=worker)).json()[
        "state"
    ] == "in_progress"

    event_id = CloudEvent.model_validate_json(good).id
    accepted = await client.post(
        "/v1/events", content=good, headers=signer._signature(event_id, good)
    )
    assert accepted.status_code == 204
    assert (await client.get(f"/v1/incidents/{incident['id']}", headers=worker)).json()[
        "state"
    ] == "resolved"


async def test_an_alarm_event_carries_the_point_to_alert_volunteers_around(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers, neighbours: list[uuid.UUID]
) -> None:
    created = await client.post(
        "/v1/joint-defence/groups",
        json=group_body(callers.world, neighbours),
        headers=callers.grid_worker("A"),
    )
    assert created.status_code == 201, created.text
    raised = await client.post(
        f"/v1/joint-defence/groups/{created.json()['id']}/alarms",
        json={"kind": "fire"},
        headers=member(callers, 1),
    )
    assert raised.status_code == 201, raised.text
    [(_, data)] = await events(app, raised.json()["id"])
    sent = AlarmRaised.model_validate(data)
    # The raising member lives in grid A's one building, at the grid's centre.
    assert (sent.lon, sent.lat) == centre(1)
    assert sent.grid_unit_id == callers.world.grids["A"]
    assert sent.community_id == callers.world.communities["C1"]
