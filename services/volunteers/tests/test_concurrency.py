"""Races on a committed database: the last places of a shift and one volunteer's
overlapping sign-ups, sent at the same moment."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest_asyncio
from fastapi import FastAPI
from volunteer_world import Clock, World, build_world, ok, volunteer_body
from volunteers_activities import make_activity, shift
from volunteers_live import migrated_database

from weimin_kit.testing import TestKeys
from weimin_volunteers.app import create_app
from weimin_volunteers.config import Settings


@pytest_asyncio.fixture
async def live(
    tmp_path: Path, test_keys: TestKeys
) -> AsyncIterator[tuple[httpx.AsyncClient, World]]:
    async with migrated_database("volunteers-race", tmp_path) as url:
        app: FastAPI = create_app(Settings(database_url=url, environment="test"))
        async with app.router.lifespan_context(app):
            app.state.token_verifier.source = test_keys.key_source()
            clock = Clock()
            app.state.clock = clock
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                yield client, await build_world(client, test_keys, clock)


async def test_simultaneous_sign_ups_never_overfill_a_shift(
    live: tuple[httpx.AsyncClient, World],
) -> None:
    client, world = live
    names = [f"extra{n}" for n in range(12)]
    for name in names:
        created = ok(
            await client.post(
                "/v1/volunteers", json=volunteer_body(world, name), headers=world.admin()
            ),
            201,
        )
        world.volunteers[name] = created["id"]
    activity = await make_activity(client, world, shift(24, capacity=5))
    shift_id = activity["shifts"][0]["id"]
    responses = await asyncio.gather(
        *(client.post(f"/v1/shifts/{shift_id}/signups", headers=world.headers(n)) for n in names)
    )
    statuses = sorted(ok(r, 201)["status"] for r in responses)
    assert statuses == ["confirmed"] * 5 + ["waitlisted"] * 7
    current = ok(await client.get(f"/v1/activities/{activity['id']}", headers=world.admin()))
    assert current["shifts"][0]["taken"] == 5


async def test_simultaneous_overlapping_sign_ups_of_one_volunteer_accept_one(
    live: tuple[httpx.AsyncClient, World],
) -> None:
    client, world = live
    first = await make_activity(client, world, shift(24, length_hours=2))
    second = await make_activity(client, world, shift(25, length_hours=2))
    responses = await asyncio.gather(
        client.post(f"/v1/shifts/{first['shifts'][0]['id']}/signups", headers=world.headers("cat")),
        client.post(
            f"/v1/shifts/{second['shifts'][0]['id']}/signups", headers=world.headers("cat")
        ),
    )
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert next(r for r in responses if r.status_code == 409).json()["code"] == "shift-overlap"
    mine = ok(await client.get("/v1/volunteers/me/signups", headers=world.headers("cat")))
    assert len(mine["items"]) == 1
