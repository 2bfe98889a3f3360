import asyncio
import json
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import events

from weimin_events import payloads
from weimin_grid.joint_defence.models import AlarmResponse
from weimin_grid.registry.models import Household

NOW = datetime.fromisoformat("2026-03-02T08:00:00+00:00")
NOW_JSON = "2026-03-02T08:00:00Z"


@pytest.fixture
async def neighbours(app: FastAPI, world: World) -> list[uuid.UUID]:
    """Grid A's household and three more in its building."""
    app.state.clock = lambda: NOW
    ids = [world.households["A"]]
    async with app.state.database.sessionmaker() as session:
        template = await session.get(Household, world.households["A"])
        assert template is not None
        for floor in (2, 3, 4):
            household = Household(
                building_id=template.building_id,
                grid_unit_id=template.grid_unit_id,
                street_id=template.street_id,
                community_id=template.community_id,
                door_number=f"1-{floor}01",
                address=f"{template.address[:-4]}{floor}01室",
            )
            session.add(household)
            await session.flush()
            ids.append(household.id)
        await session.commit()
    return ids


def group_body(world: World, households: list[uuid.UUID], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "grid_unit_id": str(world.grids["A"]),
        "name": "一栋十户联防",
        "lead_household_id": str(households[0]),
        "answer_minutes": 5,
        "members": [
            {"household_id": str(h), "account_subject": f"member-{k}"}
            for k, h in enumerate(households)
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
async def group(
    client: httpx.AsyncClient, world: World, callers: Callers, neighbours: list[uuid.UUID]
) -> dict[str, Any]:
    response = await client.post(
        "/v1/joint-defence/groups",
        json=group_body(world, neighbours),
        headers=callers.grid_worker("A"),
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def member(callers: Callers, k: int) -> dict[str, str]:
    return callers.keys.headers(roles=["resident"], subject=f"member-{k}")


async def test_an_alarm_fans_out_to_the_other_members_and_the_grid_worker(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers, group: dict[str, Any]
) -> None:
    response = await client.post(
        f"/v1/joint-defence/groups/{group['id']}/alarms",
        json={"kind": "intrusion", "note": "有人撬门"},
        headers=member(callers, 1),
    )
    alarm = response.json()
    assert (response.status_code, alarm["state"], alarm["raised_by"]) == (201, "open", "member-1")
    assert sorted((n["recipient"], n["recipient_kind"]) for n in alarm["notices"]) == sorted(
        [
            ("member-0", "member"),
            ("member-2", "member"),
            ("member-3", "member"),
            (f"grid:{world.grids['A']}", "grid_worker"),
        ]
    )
    assert alarm["answer_due_at"] == "2026-03-02T08:05:00Z"
    assert [kind for kind, _ in await events(app, alarm["id"])] == [payloads.AlarmRaised.event_type]


async def test_members_answer_and_an_answered_alarm_is_not_escalated(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    alarm = (
        await client.post(
            f"/v1/joint-defence/groups/{group['id']}/alarms",
            json={"kind": "fire"},
            headers=member(callers, 0),
        )
    ).json()
    url = f"/v1/joint-defence/alarms/{alarm['id']}/responses"
    await client.post(url, json={"answer": "received"}, headers=member(callers, 2))
    answered = await client.post(url, json={"answer": "on_my_way"}, headers=member(callers, 3))
    assert answered.json()["state"] == "answered"
    assert [(r["responder"], r["answer"]) for r in answered.json()["responses"]] == [
        ("member-2", "received"),
        ("member-3", "on_my_way"),
    ]
    app.state.clock = lambda: NOW + timedelta(minutes=30)
    swept = await client.post("/v1/joint-defence/alarms/escalations", headers=callers.admin())
    assert swept.json() == []


async def test_an_unanswered_alarm_escalates_to_the_community_after_its_deadline(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers, group: dict[str, Any]
) -> None:
    alarm = (
        await client.post(
            f"/v1/joint-defence/groups/{group['id']}/alarms",
            json={"kind": "medical"},
            headers=member(callers, 0),
        )
    ).json()
    early = await client.post("/v1/joint-defence/alarms/escalations", headers=callers.admin())
    assert early.json() == []
    app.state.clock = lambda: NOW + timedelta(minutes=6)
    swept = await client.post(
        "/v1/joint-defence/alarms/escalations", headers=callers.grid_worker("A")
    )
    assert [(a["id"], a["state"]) for a in swept.json()] == [(alarm["id"], "escalated")]
    assert (f"community:{world.communities['C1']}", "community") in [
        (n["recipient"], n["recipient_kind"]) for n in swept.json()[0]["notices"]
    ]
    late = await client.post(
        f"/v1/joint-defence/alarms/{alarm['id']}/responses",
        json={"answer": "received"},
        headers=member(callers, 1),
    )
    assert (late.status_code, late.json()["code"]) == (409, "alarm-escalated")


async def test_the_live_stream_carries_alarms_as_server_sent_events(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    url = f"/v1/joint-defence/groups/{group['id']}/alarms/stream?limit=1"
    listening = asyncio.create_task(client.get(url, headers=member(callers, 2)))
    hub = None
    for _ in range(200):
        hub = getattr(app.state, "alarm_hub", None)
        if hub is not None and hub.listeners(uuid.UUID(group["id"])):
            break
        await asyncio.sleep(0.01)
    raised = await client.post(
        f"/v1/joint-defence/groups/{group['id']}/alarms",
        json={"kind": "intrusion"},
        headers=member(callers, 1),
    )
    response = await asyncio.wait_for(listening, 5)
    assert response.headers["content-type"].startswith("text/event-stream")
    lines = response.text.strip().split("\n")
    assert lines[:2] == ["event: alarm", f"id: {raised.json()['id']}"]
    assert json.loads(lines[2].removeprefix("data: "))["kind"] == "intrusion"


async def test_outsiders_cannot_see_or_use_a_group(
    client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    stranger = callers.keys.headers(roles=["resident"], subject="stranger")
    paths = [
        ("get", f"/v1/joint-defence/groups/{group['id']}", None),
        ("post", f"/v1/joint-defence/groups/{group['id']}/alarms", {"kind": "fire"}),
        ("get", f"/v1/joint-defence/groups/{group['id']}/alarms/stream?limit=1", None),
        ("get", f"/v1/joint-defence/groups/{group['id']}/drills", None),
    ]
    for headers in (stranger, callers.grid_worker("B"), callers.community_secretary("C2")):
        for method, path, body in paths:
            response = await getattr(client, method)(
                path, headers=headers, **({"json": body} if body else {})
            )
            assert response.status_code == 404, (path, response.text)


async def test_drills_are_logged_by_staff(
    client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    url = f"/v1/joint-defence/groups/{group['id']}/drills"
    body = {"held_at": "2026-03-01T10:00:00+08:00", "participants": 9, "scenario": "夜间入室盗窃"}
    recorded = await client.post(url, json=body, headers=callers.grid_worker("A"))
    by_member = await client.post(url, json=body, headers=member(callers, 0))
    future = await client.post(
        url,
        json={**body, "held_at": "2027-01-01T00:00:00+08:00"},
        headers=callers.grid_worker("A"),
    )
    listed = await client.get(url, headers=member(callers, 0))
    assert recorded.status_code == 201
    assert by_member.status_code == 403
    assert future.json()["errors"][0]["field"] == "body.held_at"
    assert [(d["participants"], d["held_at"]) for d in listed.json()] == [
        (9, "2026-03-01T02:00:00Z")
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lead_household_id": str(uuid.uuid4())}, "body.lead_household_id"),
        ({"members": []}, "body.members"),
        ({"answer_minutes": 0}, "body.answer_minutes"),
        ("other-grid-household", "body.members.1.household_id"),
        ("twice", "body.members"),
    ],
)
async def test_bad_groups_name_the_field(
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    neighbours: list[uuid.UUID],
    change: Any,
    field: str,
) -> None:
    if change == "other-grid-household":
        body = group_body(world, [neighbours[0], world.households["B"]])
    elif change == "twice":
        body = group_body(world, [neighbours[0], neighbours[0]])
    else:
        body = group_body(world, neighbours, **change)
    response = await client.post(
        "/v1/joint-defence/groups", json=body, headers=callers.grid_worker("A")
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_bad_alarms_and_answers_are_refused(
    client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    kind = await client.post(
        f"/v1/joint-defence/groups/{group['id']}/alarms",
        json={"kind": "ufo"},
        headers=member(callers, 0),
    )
    answer = await client.post(
        f"/v1/joint-defence/alarms/{uuid.uuid4()}/responses",
        json={"answer": "received"},
        headers=member(callers, 0),
    )
    assert kind.json()["errors"][0]["field"] == "body.kind"
    assert answer.status_code == 404


async def test_the_alarm_sweep_only_escalates_within_the_callers_scope(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    await client.post(
        f"/v1/joint-defence/groups/{group['id']}/alarms",
        json={"kind": "fire"},
        headers=member(callers, 0),
    )
    app.state.clock = lambda: NOW + timedelta(minutes=10)
    other = await client.post(
        "/v1/joint-defence/alarms/escalations", headers=callers.grid_worker("B")
    )
    resident = await client.post("/v1/joint-defence/alarms/escalations", headers=member(callers, 1))
    assert other.json() == []
    assert resident.status_code == 403


async def test_answers_name_who_answered_to_the_group_and_its_staff_only(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    alarm = (
        await client.post(
            f"/v1/joint-defence/groups/{group['id']}/alarms",
            json={"kind": "intrusion"},
            headers=member(callers, 0),
        )
    ).json()
    url = f"/v1/joint-defence/alarms/{alarm['id']}/responses"
    neighbour = callers.keys.headers(roles=["resident"], subject="member-2", name="李阿姨")
    await client.post(url, json={"answer": "received"}, headers=neighbour)
    # A token without a name (an account that never gave one) answers unnamed.
    await client.post(url, json={"answer": "received"}, headers=member(callers, 3))
    answered = await client.post(
        url, json={"answer": "on_my_way"}, headers=callers.grid_worker("A")
    )
    expected = [
        ("member-2", "李阿姨", "received"),
        ("member-3", None, "received"),
        ("worker-A", "网格员A", "on_my_way"),
    ]

    def answers(body: dict[str, Any]) -> list[tuple[str, str | None, str]]:
        return [(r["responder"], r["responder_name"], r["answer"]) for r in body["responses"]]

    assert answers(answered.json()) == expected
    for reader in (member(callers, 1), callers.grid_worker("A"), callers.community_secretary("C1")):
        read = await client.get(f"/v1/joint-defence/alarms/{alarm['id']}", headers=reader)
        listed = await client.get(
            "/v1/joint-defence/alarms", params={"group_id": group["id"]}, headers=reader
        )
        assert answers(read.json()) == answers(listed.json()["items"][0]) == expected

    # Nobody else reads the alarm, so nobody else reads the names on it.
    stranger = callers.keys.headers(roles=["resident"], subject="stranger", name="路人")
    for outsider in (stranger, callers.grid_worker("B"), callers.community_secretary("C2")):
        read = await client.get(f"/v1/joint-defence/alarms/{alarm['id']}", headers=outsider)
        listed = await client.get(
            "/v1/joint-defence/alarms", params={"group_id": group["id"]}, headers=outsider
        )
        answer = await client.post(url, json={"answer": "received"}, headers=outsider)
        assert (read.status_code, read.json()["code"]) == (404, "not-found")
        assert listed.json()["items"] == []
        assert answer.status_code == 404
        assert "李阿姨" not in read.text + listed.text + answer.text


async def test_answers_given_before_names_were_kept_read_without_one(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    alarm = (
        await client.post(
            f"/v1/joint-defence/groups/{group['id']}/alarms",
            json={"kind": "fire"},
            headers=member(callers, 0),
        )
    ).json()
    async with app.state.database.sessionmaker() as session:
        session.add(
            AlarmResponse(
                alarm_id=uuid.UUID(alarm["id"]), responder="member-1", answer="received", at=NOW
            )
        )
        await session.commit()
    read = await client.get(
        f"/v1/joint-defence/alarms/{alarm['id']}", headers=callers.grid_worker("A")
    )
    assert read.json()["responses"] == [
        {"responder": "member-1", "responder_name": None, "answer": "received", "at": NOW_JSON}
    ]
