from typing import Any

import httpx
import pytest
from factories import count_rows, create
from fastapi import FastAPI
from org_registry_world import World

Staff = dict[str, dict[str, str]]


def _meeting(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "community_id": str(world.ids["A1"]),
        "title": "第一季度联席会议",
        "held_on": "2024-03-01",
        "minutes": "议定三项工作",
        "attendee_unit_ids": [str(world.ids["A1"]), str(world.ids["S-A1"])],
        "resolutions": [
            {
                "title": "清理河道",
                "area": "environment",
                "owner_organisation_id": str(world.ids["S-A1"]),
                "due_on": "2024-04-01",
            },
            {
                "title": "夜间巡逻",
                "area": "public_order",
                "owner_organisation_id": str(world.ids["A1"]),
                "due_on": "2024-06-01",
            },
        ],
        **extra,
    }


async def test_resolutions_become_tasks_and_overdue_ones_are_reported(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    sec = staff["sec-a1"]
    meeting = await create(client, "/v1/joint-meetings", _meeting(world), sec)
    tasks = {t["title"]: t for t in meeting["tasks"]}
    assert [(t["area"], t["status"]) for t in meeting["tasks"]] == [
        ("environment", "open"),
        ("public_order", "open"),
    ]
    report = (await client.get("/v1/joint-tasks/overdue?on=2024-05-01", headers=sec)).json()
    assert (report["total"], report["by_area"]) == (1, {"environment": 1})
    assert report["by_owner"] == {str(world.ids["S-A1"]): 1}
    done = await client.patch(
        f"/v1/joint-tasks/{tasks['清理河道']['id']}",
        json={"status": "done", "completed_on": "2024-04-20"},
        headers=sec,
    )
    assert done.json()["status"] == "done"
    later = (await client.get("/v1/joint-tasks/overdue?on=2024-07-01", headers=sec)).json()
    assert [t["title"] for t in later["tasks"]] == ["夜间巡逻"]
    half = await client.patch(
        f"/v1/joint-tasks/{tasks['夜间巡逻']['id']}", json={"status": "done"}, headers=sec
    )
    assert half.status_code == 422


async def test_a_street_meeting_is_seen_by_the_street_not_its_communities(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    body = _meeting(world, community_id=None, street_id=str(world.ids["A"]))
    meeting = await create(client, "/v1/joint-meetings", body, staff["sec-a"])
    assert meeting["community_id"] is None
    assert (
        await client.get(f"/v1/joint-meetings/{meeting['id']}", headers=staff["sec-a1"])
    ).status_code == 404
    refused = await client.post("/v1/joint-meetings", json=body, headers=staff["sec-a1"])
    assert refused.json()["errors"][0]["field"] == "body.street_id"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"street_id": "A"}, "body"),
        ({"community_id": "B1"}, "body.community_id"),
        ({"attendee_unit_ids": []}, "body.attendee_unit_ids"),
        (
            {"attendee_unit_ids": ["0190f5c2-0000-7000-8000-000000000000"]},
            "body.attendee_unit_ids.0",
        ),
        (
            {
                "resolutions": [
                    {
                        "title": "x",
                        "area": "sports",
                        "owner_organisation_id": "A1",
                        "due_on": "2024-04-01",
                    }
                ]
            },
            "body.resolutions.0.area",
        ),
        (
            {
                "resolutions": [
                    {
                        "title": "x",
                        "area": "economy",
                        "owner_organisation_id": "S-B1",
                        "due_on": "2024-04-01",
                    }
                ]
            },
            "body.resolutions.0.owner_organisation_id",
        ),
        (
            {
                "resolutions": [
                    {
                        "title": "x",
                        "area": "economy",
                        "owner_organisation_id": "A1",
                        "due_on": "2024-01-01",
                    }
                ]
            },
            "body.resolutions.0.due_on",
        ),
    ],
)
async def test_bad_meetings_are_422_and_write_nothing(
    app: FastAPI,
    world: World,
    client: httpx.AsyncClient,
    staff: Staff,
    change: dict[str, Any],
    field: str,
) -> None:
    def resolve(value: Any) -> Any:
        if isinstance(value, str) and value in world.ids:
            return str(world.ids[value])
        if isinstance(value, list):
            return [resolve(v) for v in value]
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        return value

    body = {**_meeting(world), **resolve(change)}
    response = await client.post("/v1/joint-meetings", json=body, headers=staff["sec-a1"])
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, field)
    assert await count_rows(app, "joint_meetings") == 0
    assert await count_rows(app, "joint_tasks") == 0


async def test_meetings_and_tasks_stay_in_scope(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    meeting = await create(client, "/v1/joint-meetings", _meeting(world), staff["sec-a1"])
    other = staff["sec-b1"]
    assert (await client.get("/v1/joint-meetings", headers=other)).json()["items"] == []
    assert (
        await client.get(f"/v1/joint-meetings/{meeting['id']}", headers=other)
    ).status_code == 404
    task = meeting["tasks"][0]["id"]
    patched = await client.patch(
        f"/v1/joint-tasks/{task}", json={"status": "in_progress"}, headers=other
    )
    assert patched.status_code == 404
    assert (await client.get("/v1/joint-tasks/overdue?on=2030-01-01", headers=other)).json()[
        "total"
    ] == 0
