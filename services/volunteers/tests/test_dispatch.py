import httpx
from fastapi import FastAPI
from sqlalchemy import select
from volunteer_world import CENTRE, World, ok

from weimin_volunteers.background import move_expired_offers_once
from weimin_volunteers.dispatch.models import TaskOffer
from weimin_volunteers.tables import Base

OUTBOX = Base.metadata.tables["outbox_events"]


async def event_types(client: httpx.AsyncClient) -> list[str]:
    app = client._transport.app  # type: ignore[attr-defined]
    async with app.state.database.sessionmaker() as session:
        rows = await session.execute(
            select(OUTBOX.c.type)
            .where(OUTBOX.c.type.like("cn.weimin.task.%"))
            .order_by(OUTBOX.c.id)
        )
        return [row[0].split(".")[3] for row in rows]


def task_body(world: World, **overrides: object) -> dict[str, object]:
    lon, lat = CENTRE["C1"]
    return {
        "kind": "service_request",
        "title": "楼道清扫",
        "skill_code": "cleaning",
        **world.place("C1"),
        "lon": lon,
        "lat": lat,
        "radius_m": 3000,
        **overrides,
    }


async def create(client: httpx.AsyncClient, world: World, **overrides: object) -> dict[str, object]:
    response = await client.post(
        "/v1/tasks", json=task_body(world, **overrides), headers=world.secretary("C1")
    )
    return ok(response, 201)  # type: ignore[no-any-return]


async def unavailable_now(client: httpx.AsyncClient, world: World, name: str) -> None:
    ok(
        await client.put(
            f"/v1/volunteers/{world.volunteers[name]}/availability",
            json={
                "weekly": [{"weekday": 0, "start": "08:00", "end": "20:00"}],
                "exceptions": [
                    {"starts_at": "2026-06-01T00:00:00Z", "ends_at": "2026-06-02T00:00:00Z"}
                ],
            },
            headers=world.headers(name),
        )
    )


async def test_candidates_are_ranked_with_the_reasons_for_each_rank(
    client: httpx.AsyncClient, world: World
) -> None:
    await unavailable_now(client, world, "cat")
    earlier = await create(client, world, mode="assign")
    ok(
        await client.post(
            f"/v1/tasks/{earlier['task']['id']}/assignment",  # type: ignore[index]
            json={"volunteer_id": str(world.volunteers["bob"])},
            headers=world.secretary("C1"),
        )
    )
    task = await create(client, world, mode="assign")
    ranked = ok(
        await client.get(
            f"/v1/tasks/{task['task']['id']}/candidates", headers=world.secretary("C1")
        )
    )  # type: ignore[index]
    assert [world.name_of(c["volunteer_id"]) for c in ranked["candidates"]] == [
        "ann",
        "bob",
        "cat",
        "dan",
    ]
    assert [c["rank"] for c in ranked["candidates"]] == [1, 2, 3, 4]
    ann, bob, cat, dan = ranked["candidates"]
    assert (ann["recent_tasks"], bob["recent_tasks"]) == (0, 1)
    assert "1 tasks in the last 30 days (+8.0)" in bob["reasons"]
    assert cat["available_now"] is False
    assert "outside their availability now (+0)" in cat["reasons"]
    assert 2_000 < dan["distance_m"] < 3_000
    assert ranked["explanation"] is None


async def test_a_task_for_a_skill_nobody_has_gets_an_explained_empty_list(
    client: httpx.AsyncClient, world: World
) -> None:
    task = await create(client, world, skill_code="repair", mode="offer")
    assert task["task"]["status"] == "open"  # type: ignore[index]
    assert task["offers"] == []
    ranked = ok(
        await client.get(f"/v1/tasks/{task['task']['id']}/candidates", headers=world.admin())
    )  # type: ignore[index]
    assert ranked == {
        "task_id": task["task"]["id"],
        "candidates": [],  # type: ignore[index]
        "explanation": "Nobody holds the skill repair",
    }
    unknown = await client.post(
        "/v1/tasks", json=task_body(world, skill_code="juggling"), headers=world.admin()
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (422, "body.skill_code")


async def test_an_expired_certificate_empties_the_list_with_the_reason(
    client: httpx.AsyncClient, world: World
) -> None:
    me = world.headers("cat")
    url = f"/v1/volunteers/{world.volunteers['cat']}"
    ok(
        await client.post(
            f"{url}/certificates",
            json={
                "skill_code": "first_aid",
                "number": "RC-9",
                "issuer": "红十字会",
                "issued_on": "2025-01-01",
                "expires_on": "2026-06-10",
            },
            headers=me,
        ),
        201,
    )
    ok(await client.put(f"{url}/skills", json={"skill_codes": ["first_aid"]}, headers=me))
    task = await create(client, world, skill_code="first_aid", mode="assign")
    task_id = task["task"]["id"]  # type: ignore[index]
    before = ok(await client.get(f"/v1/tasks/{task_id}/candidates", headers=world.admin()))
    assert [world.name_of(c["volunteer_id"]) for c in before["candidates"]] == ["cat"]
    world.clock.advance(days=10)
    after = ok(await client.get(f"/v1/tasks/{task_id}/candidates", headers=world.admin()))
    assert after["candidates"] == []
    assert after["explanation"] == "1 volunteers hold first_aid but none has a valid certificate"
    refused = await client.post(
        f"/v1/tasks/{task_id}/assignment",
        json={"volunteer_id": str(world.volunteers["cat"])},
        headers=world.admin(),
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "not-qualified")


async def test_an_offer_moves_on_after_a_decline_and_after_its_timeout(
    client: httpx.AsyncClient, world: World
) -> None:
    await unavailable_now(client, world, "cat")  # ranks below ann and bob
    task = await create(client, world, mode="offer", offer_k=2, offer_timeout_seconds=600)
    task_id = task["task"]["id"]  # type: ignore[index]
    assert [(world.name_of(o["volunteer_id"]), o["status"]) for o in task["offers"]] == [  # type: ignore[union-attr]
        ("ann", "pending"),
        ("bob", "pending"),
    ]
    declined = ok(await client.post(f"/v1/tasks/{task_id}/decline", headers=world.headers("bob")))
    assert [(world.name_of(o["volunteer_id"]), o["status"]) for o in declined["offers"]] == [
        ("ann", "pending"),
        ("bob", "declined"),
        ("cat", "pending"),
    ]
    world.clock.advance(minutes=11)  # nobody answered in time
    moved = ok(await client.post("/v1/tasks/expired-offers", headers=world.secretary("C1")))
    assert moved == {"notified": 2}
    swept = ok(await client.get(f"/v1/tasks/{task_id}", headers=world.secretary("C1")))
    assert [(world.name_of(o["volunteer_id"]), o["status"]) for o in swept["offers"]] == [
        ("ann", "expired"),
        ("bob", "declined"),
        ("cat", "expired"),
        ("dan", "pending"),
    ]
    late = await client.post(f"/v1/tasks/{task_id}/acceptance", headers=world.headers("ann"))
    assert (late.status_code, late.json()["code"]) == (409, "no-pending-offer")
    accepted = ok(
        await client.post(f"/v1/tasks/{task_id}/acceptance", headers=world.headers("dan"))
    )
    assert accepted["task"]["status"] == "assigned"
    assert accepted["task"]["assignee_id"] == str(world.volunteers["dan"])
    assert await event_types(client) == ["offered"] * 4 + ["accepted"]
    mine = ok(await client.get("/v1/volunteers/me/tasks", headers=world.headers("dan")))
    assert [t["id"] for t in mine["items"]] == [task_id]
    assert (
        ok(await client.get("/v1/volunteers/me/tasks", headers=world.headers("eve")))["items"] == []
    )


async def offer_statuses_stored(client: httpx.AsyncClient) -> list[str]:
    app = client._transport.app  # type: ignore[attr-defined]
    async with app.state.database.sessionmaker() as session:
        return list(await session.scalars(select(TaskOffer.status).order_by(TaskOffer.rank)))


async def test_a_read_shows_timed_out_offers_expired_and_writes_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    await unavailable_now(client, world, "cat")
    task = await create(client, world, mode="offer", offer_k=2, offer_timeout_seconds=600)
    task_id = task["task"]["id"]  # type: ignore[index]
    world.clock.advance(minutes=11)
    read = ok(await client.get(f"/v1/tasks/{task_id}", headers=world.secretary("C1")))
    assert [
        (world.name_of(o["volunteer_id"]), o["status"], o["responded_at"] == o["expires_at"])
        for o in read["offers"]
    ] == [("ann", "expired", True), ("bob", "expired", True)]
    assert read["task"]["status"] == "offered"
    mine = ok(await client.get("/v1/volunteers/me/tasks", headers=world.headers("ann")))
    assert mine["items"] == []
    assert await offer_statuses_stored(client) == ["pending", "pending"]
    assert await event_types(client) == ["offered"] * 2


async def test_the_background_sweep_moves_timed_out_offers_on(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    await unavailable_now(client, world, "cat")
    task = await create(client, world, mode="offer", offer_k=2, offer_timeout_seconds=600)
    task_id = task["task"]["id"]  # type: ignore[index]
    assert await move_expired_offers_once(app) == 0  # nothing timed out yet
    world.clock.advance(minutes=11)
    assert await move_expired_offers_once(app) == 2
    swept = ok(await client.get(f"/v1/tasks/{task_id}", headers=world.secretary("C1")))
    assert [(world.name_of(o["volunteer_id"]), o["status"]) for o in swept["offers"]] == [
        ("ann", "expired"),
        ("bob", "expired"),
        ("cat", "pending"),
        ("dan", "pending"),
    ]
    assert [o["responded_at"] == o["expires_at"] for o in swept["offers"][:2]] == [True, True]
    assert await event_types(client) == ["offered"] * 4
    assert await move_expired_offers_once(app) == 0  # done once


async def test_the_first_to_grab_a_task_gets_it_and_others_are_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    task = await create(client, world, mode="grab")
    task_id = task["task"]["id"]  # type: ignore[index]
    assert task["alerted"] == 4
    first = ok(await client.post(f"/v1/tasks/{task_id}/grab", headers=world.headers("cat")))
    second = await client.post(f"/v1/tasks/{task_id}/grab", headers=world.headers("bob"))
    assert first["task"]["assignee_id"] == str(world.volunteers["cat"])
    assert (second.status_code, second.json()["code"]) == (409, "task-not-open")
    repair = await create(client, world, mode="grab", skill_code="repair")
    unqualified = await client.post(
        f"/v1/tasks/{repair['task']['id']}/grab", headers=world.headers("bob")
    )  # type: ignore[index]
    assert (unqualified.status_code, unqualified.json()["code"]) == (409, "not-qualified")


async def test_round_robin_hands_tasks_to_the_teams_members_in_turn(
    client: httpx.AsyncClient, world: World
) -> None:
    team = str(world.teams["T1"])  # members: ann (leader) and bob
    given = []
    for _ in range(3):
        task = await create(client, world, mode="round_robin", team_id=team)
        given.append(world.name_of(task["task"]["assignee_id"]))  # type: ignore[index]
    assert given == ["ann", "bob", "ann"]
    missing = await client.post(
        "/v1/tasks", json=task_body(world, mode="round_robin"), headers=world.admin()
    )
    assert (missing.status_code, missing.json()["errors"][0]["field"]) == (422, "body.team_id")


async def test_an_urgent_call_alerts_only_nearby_consenting_volunteers_available_now(
    client: httpx.AsyncClient, world: World
) -> None:
    for name in ("bob", "cat", "dan", "eve"):
        ok(
            await client.put(
                f"/v1/volunteers/{world.volunteers[name]}/alert-consent",
                json={"consent": True},
                headers=world.headers(name),
            )
        )
    await unavailable_now(client, world, "cat")
    task = await create(
        client, world, kind="urgent_help", mode="grab", skill_code=None, title="老人摔倒"
    )
    assert task["alerted"] == 2
    for name, kinds in (
        ("ann", []),
        ("bob", ["alert"]),
        ("cat", []),
        ("dan", ["alert"]),
        ("eve", []),
    ):
        inbox = ok(await client.get("/v1/volunteers/me/notifications", headers=world.headers(name)))
        assert [n["kind"] for n in inbox["items"]] == kinds, name


async def test_tasks_are_seen_within_scope_and_completed_by_their_assignee_with_hours(
    client: httpx.AsyncClient, world: World
) -> None:
    task = await create(client, world, mode="assign")
    task_id = task["task"]["id"]  # type: ignore[index]
    assert (
        await client.get(f"/v1/tasks/{task_id}", headers=world.secretary("C3"))
    ).status_code == 404
    assert (
        await client.get(f"/v1/tasks/{task_id}", headers=world.headers("eve"))
    ).status_code == 404
    listed = ok(await client.get("/v1/tasks", headers=world.secretary("C3")))
    assert listed["items"] == []
    other = await client.post(
        f"/v1/tasks/{task_id}/assignment",
        json={"volunteer_id": str(world.volunteers["eve"])},
        headers=world.secretary("C3"),
    )
    assert other.status_code == 404
    ok(
        await client.post(
            f"/v1/tasks/{task_id}/assignment",
            json={"volunteer_id": str(world.volunteers["eve"])},
            headers=world.secretary("C1"),
        )
    )
    by_other = await client.post(
        f"/v1/tasks/{task_id}/completion", json={"minutes": 45}, headers=world.headers("ann")
    )
    assert by_other.status_code == 404
    done = ok(
        await client.post(
            f"/v1/tasks/{task_id}/completion", json={"minutes": 45}, headers=world.headers("eve")
        )
    )
    assert done["task"]["status"] == "completed"
    again = await client.post(
        f"/v1/tasks/{task_id}/completion", json={"minutes": 45}, headers=world.headers("eve")
    )
    assert (again.status_code, again.json()["code"]) == (409, "task-not-open")
    hours = ok(
        await client.get(
            f"/v1/volunteers/{world.volunteers['eve']}/hours", headers=world.headers("eve")
        )
    )
    assert hours["confirmed_minutes"] == 45
    assert await event_types(client) == ["accepted", "completed"]
    outside = await client.post("/v1/tasks", json=task_body(world), headers=world.secretary("C3"))
    assert (outside.status_code, outside.json()["errors"][0]["field"]) == (404, "body.community_id")
