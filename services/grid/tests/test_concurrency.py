import asyncio
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import httpx
import pytest_asyncio
from fastapi import FastAPI
from grid_live import live_app
from grid_world import Callers, World, build_world, id_card

from weimin_kit.testing import TestKeys


@pytest_asyncio.fixture
async def live(tmp_path: Path, test_keys: TestKeys) -> AsyncIterator[tuple[FastAPI, Callers]]:
    async with live_app(tmp_path, test_keys) as app:
        world = await build_world(app)
        yield app, Callers(test_keys, world)


def client_for(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


async def test_simultaneous_updates_from_one_version_one_200_one_412(
    live: tuple[FastAPI, Callers],
) -> None:
    app, callers = live
    world: World = callers.world
    url = f"/v1/residents/{world.residents['A']}"
    async with client_for(app) as client:
        worker = {**callers.grid_worker("A"), "If-Match": '"1"'}
        admin = {**callers.admin(), "If-Match": '"1"'}
        responses = await asyncio.gather(
            client.patch(url, json={"name": "杨甲"}, headers=worker),
            client.patch(url, json={"name": "杨乙"}, headers=admin),
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200, 412]
        loser = next(r for r in responses if r.status_code == 412)
        winner = next(r for r in responses if r.status_code == 200)
        assert loser.json()["code"] == "version-mismatch"
        current = await client.get(url, headers=callers.admin())
        assert (current.json()["name"], current.json()["version"]) == (winner.json()["name"], 2)


async def test_simultaneous_registrations_of_one_identity_number_make_one_resident(
    live: tuple[FastAPI, Callers],
) -> None:
    app, callers = live
    world: World = callers.world
    number = id_card(777, born=date(1990, 1, 1))
    body = {
        "household_id": str(world.households["A"]),
        "name": "赵同",
        "id_card_number": number,
        "ethnicity": "汉族",
        "relation_to_head": "户主",
    }
    async with client_for(app) as client:
        headers = callers.grid_worker("A")
        responses = await asyncio.gather(
            *[client.post("/v1/residents", json=body, headers=headers) for _ in range(4)]
        )
        assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]
        assert {r.json()["code"] for r in responses if r.status_code == 409} == {
            "resident-id-card-exists"
        }
        found = await client.get(
            "/v1/residents", params={"id_card_number": number}, headers=callers.admin()
        )
        assert len(found.json()["items"]) == 1
