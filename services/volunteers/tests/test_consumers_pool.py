"""`member.reported` -> the member joins the community's volunteer pool (one row per
member), which that community's staff list; nobody else sees it."""

import uuid
from typing import Any

import httpx
from consumer_events import MEMBER_REPORTED, apply, event
from fastapi import FastAPI
from volunteer_world import World, ok

from weimin_kit.ids import new_id


def report(world: World, member_id: uuid.UUID, community: str, **extra: Any) -> dict[str, Any]:
    return {
        "report_id": new_id(),
        "member_id": member_id,
        "person_id": new_id(),
        **world.place(community),
        "pledge_areas": ["lake_protection", "elderly_care"],
        **extra,
    }


async def pool(
    client: httpx.AsyncClient, headers: dict[str, str], community: uuid.UUID | None = None
) -> list[Any]:
    query = {} if community is None else {"community_id": str(community)}
    answer = await client.get("/v1/community-pool", params=query, headers=headers)
    items: list[Any] = ok(answer)["items"]
    return items


async def test_a_reporting_member_joins_the_community_pool_once(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    member = new_id()
    sent = event(MEMBER_REPORTED, report(world, member, "C1"))
    assert await apply(app, sent) == "applied"
    assert await apply(app, sent) == "duplicate"
    assert await apply(app, event(MEMBER_REPORTED, sent.data)) == "applied"  # same report

    [row] = await pool(client, world.secretary("C1"), world.communities["C1"])
    assert row["member_id"] == str(member)
    assert row["community_id"] == str(world.communities["C1"])
    assert row["pledge_areas"] == ["lake_protection", "elderly_care"]
    assert (row["account_id"], row["volunteer_id"]) == (None, None)


async def test_a_member_who_is_a_volunteer_is_linked_to_the_record_dispatch_uses(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    data = report(world, new_id(), "C1", account_id=world.accounts["ann"])
    await apply(app, event(MEMBER_REPORTED, data))
    [row] = await pool(client, world.street_secretary("S1"))
    assert row["volunteer_id"] == str(world.volunteers["ann"])


async def test_a_report_to_another_community_moves_the_member(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    member = new_id()
    await apply(app, event(MEMBER_REPORTED, report(world, member, "C1")))
    await apply(app, event(MEMBER_REPORTED, report(world, member, "C3", pledge_areas=[])))
    assert await pool(client, world.secretary("C1")) == []
    [row] = await pool(client, world.secretary("C3"))
    assert (row["member_id"], row["pledge_areas"]) == (str(member), [])


async def test_the_pool_is_absent_outside_the_callers_scope(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    await apply(app, event(MEMBER_REPORTED, report(world, new_id(), "C1")))
    await apply(app, event(MEMBER_REPORTED, report(world, new_id(), "C3")))
    c1 = world.communities["C1"]
    assert len(await pool(client, world.secretary("C1"))) == 1
    assert len(await pool(client, world.street_secretary("S1"))) == 1
    assert len(await pool(client, world.admin())) == 2
    assert await pool(client, world.secretary("C3"), c1) == []
    assert await pool(client, world.headers("ann"), c1) == []  # a volunteer is no staff
    unsigned = await client.get("/v1/community-pool")
    assert unsigned.status_code == 401
    bad = await client.get(
        "/v1/community-pool", params={"community_id": "C1"}, headers=world.admin()
    )
    assert bad.status_code == 422
    assert "community_id" in str(bad.json()["errors"][0]["field"])
