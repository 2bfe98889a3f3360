import sys
from pathlib import Path
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).parent))

from org_registry_world import FakeClock, World, build_world

from weimin_kit.testing import service_fixtures
from weimin_org_registry.app import MIGRATIONS_DIR, create_app
from weimin_org_registry.config import Settings


def cheap_settings(**overrides: Any) -> Settings:
    """Argon2 at its cheapest: the suite hashes hundreds of passwords. The tests sign in
    with passwords only, so the second-factor demand is off but where a test turns it on
    (test_second_factor.py). No scheduled retention sweep inside a test's rolled-back
    transaction (tests run it themselves)."""
    values: dict[str, Any] = {
        "argon2_time_cost": 1,
        "argon2_memory_cost_kib": 8,
        "argon2_parallelism": 1,
        "second_factor_required": False,
        "retention_enabled": False,
        **overrides,
    }
    return Settings(**values)


# This service verifies its own tokens, so the kit's stand-in test keys are not used.
app, client, database_url = service_fixtures(
    "org-registry", cheap_settings, create_app, MIGRATIONS_DIR, use_test_keys=False
)


@pytest_asyncio.fixture
async def clock(app: FastAPI) -> FakeClock:
    fake = FakeClock()
    app.state.clock = fake
    return fake


@pytest_asyncio.fixture
async def world(app: FastAPI, client: httpx.AsyncClient, clock: FakeClock) -> World:
    return await build_world(app, client)


@pytest_asyncio.fixture
async def staff(world: World) -> dict[str, dict[str, str]]:
    """Headers for: the admin, street A's secretary, A1's and B1's community secretaries, a
    grid worker in A1 and a plain member."""
    await world.add_account("boss", ["admin"])
    await world.add_account("sec-a", ["street_secretary"], [world.scope("street", "A")], street="A")
    await world.add_account(
        "sec-a1", ["community_secretary"], [world.scope("community", "A1")], community="A1"
    )
    await world.add_account(
        "sec-b1", ["community_secretary"], [world.scope("community", "B1")], community="B1"
    )
    await world.add_account(
        "grid", ["grid_worker"], ["grid:0190f5c2-0000-7000-8000-0000000000a1"], community="A1"
    )
    await world.add_account("member", ["member"], [], community="A1")
    names = ("boss", "sec-a", "sec-a1", "sec-b1", "grid", "member")
    return {name: await world.headers(name) for name in names}
