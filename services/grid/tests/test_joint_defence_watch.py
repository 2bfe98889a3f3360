"""What a grid worker's phone reads to watch their joint-defence groups: the groups they
cover, the recent alarms of those groups, and the live stream, each within scope."""

import asyncio
import json
import uuid
from typing import Any

import httpx
import pytest
import test_joint_defence as joint_defence
from fastapi import FastAPI
from grid_world import Callers

# The group of four neighbours in grid A, as the joint-defence tests build it.
neighbours = joint_defence.neighbours
group = joint_defence.group
member = joint_defence.member

GROUPS = "/v1/joint-defence/groups"
ALARMS = "/v1/joint-defence/alarms"


async def raise_alarm(
    client: httpx.AsyncClient, callers: Callers, group: dict[str, Any], k: int, kind: str
) -> dict[str, Any]:
    response = await client.post(
        f"{GROUPS}/{group['id']}/alarms", json={"kind": kind}, headers=member(callers, k)
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_groups_are_listed_for_the_grid_they_cover_and_for_their_members(
    client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    def ids(response: httpx.Response) -> list[str]:
        assert response.status_code == 200, response.text
        return [g["id"] for g in response.json()["items"]]

    worker = await client.get(GROUPS, headers=callers.grid_worker("A"))
    assert ids(worker) == [group["id"]]
    assert sorted(m["account_subject"] for m in worker.json()["items"][0]["members"]) == [
        "member-0",
        "member-1",
        "member-2",
        "member-3",
    ]
    assert ids(await client.get(GROUPS, headers=member(callers, 2))) == [group["id"]]
    assert ids(await client.get(GROUPS, headers=callers.admin())) == [group["id"]]
    for outsider in (
        callers.grid_worker("B"),
        callers.community_secretary("C2"),
        # A grid scope without a staff role (a volunteer) is not a way in.
        callers.volunteer("A"),
        callers.keys.headers(roles=["resident"], subject="stranger"),
    ):
        assert ids(await client.get(GROUPS, headers=outsider)) == []


async def test_recent_alarms_come_newest_first_and_filter_by_state(
    client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    fire = await raise_alarm(client, callers, group, 0, "fire")
    intrusion = await raise_alarm(client, callers, group, 1, "intrusion")
    await client.post(
        f"{ALARMS}/{fire['id']}/responses",
        json={"answer": "on_my_way"},
        headers=callers.grid_worker("A"),
    )

    listed = await client.get(ALARMS, headers=callers.grid_worker("A"))
    open_only = await client.get(ALARMS, params={"state": "open"}, headers=member(callers, 3))
    paged = await client.get(ALARMS, params={"limit": 1}, headers=callers.grid_worker("A"))
    rest = await client.get(
        ALARMS,
        params={"limit": 1, "cursor": paged.json()["next_cursor"]},
        headers=callers.grid_worker("A"),
    )

    assert [(a["id"], a["state"]) for a in listed.json()["items"]] == [
        (intrusion["id"], "open"),
        (fire["id"], "answered"),
    ]
    assert listed.json()["items"][1]["responses"][0]["responder"] == "worker-A"
    assert [a["id"] for a in open_only.json()["items"]] == [intrusion["id"]]
    assert [a["id"] for a in paged.json()["items"] + rest.json()["items"]] == [
        intrusion["id"],
        fire["id"],
    ]


async def test_another_grids_worker_sees_no_alarm_and_cannot_answer_or_stream_one(
    client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    alarm = await raise_alarm(client, callers, group, 0, "medical")
    other = callers.grid_worker("B")

    listed = await client.get(ALARMS, headers=other)
    by_group = await client.get(ALARMS, params={"group_id": group["id"]}, headers=other)
    answered = await client.post(
        f"{ALARMS}/{alarm['id']}/responses", json={"answer": "received"}, headers=other
    )
    streamed = await client.get(f"{GROUPS}/{group['id']}/alarms/stream?limit=1", headers=other)
    read_back = await client.get(f"{ALARMS}/{alarm['id']}", headers=callers.grid_worker("A"))

    assert listed.json()["items"] == by_group.json()["items"] == []
    assert (answered.status_code, answered.json()["code"]) == (404, "not-found")
    assert (streamed.status_code, streamed.json()["code"]) == (404, "not-found")
    assert read_back.json()["responses"] == []


async def test_the_grid_worker_of_the_unit_receives_a_neighbours_alarm_live(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    url = f"{GROUPS}/{group['id']}/alarms/stream?limit=1"
    listening = asyncio.create_task(client.get(url, headers=callers.grid_worker("A")))
    for _ in range(200):
        hub = getattr(app.state, "alarm_hub", None)
        if hub is not None and hub.listeners(uuid.UUID(group["id"])):
            break
        await asyncio.sleep(0.01)
    raised = await raise_alarm(client, callers, group, 1, "fire")
    response = await asyncio.wait_for(listening, 5)
    data = next(line for line in response.text.splitlines() if line.startswith("data: "))
    assert json.loads(data.removeprefix("data: "))["id"] == raised["id"]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        (ALARMS, {"state": "closed"}, "query.state"),
        (ALARMS, {"group_id": "not-a-uuid"}, "query.group_id"),
        (ALARMS, {"cursor": "garbage"}, "query.cursor"),
        (ALARMS, {"limit": 0}, "query.limit"),
        (GROUPS, {"grid_unit_id": "nope"}, "query.grid_unit_id"),
    ],
)
async def test_bad_list_queries_name_the_field(
    client: httpx.AsyncClient, callers: Callers, path: str, params: dict[str, Any], field: str
) -> None:
    response = await client.get(path, params=params, headers=callers.grid_worker("A"))
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_an_answer_outside_the_allowed_ones_is_refused(
    client: httpx.AsyncClient, callers: Callers, group: dict[str, Any]
) -> None:
    alarm = await raise_alarm(client, callers, group, 0, "fire")
    response = await client.post(
        f"{ALARMS}/{alarm['id']}/responses",
        json={"answer": "maybe"},
        headers=callers.grid_worker("A"),
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body.answer"]
