import sys
from pathlib import Path
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).parent))

from volunteer_world import Clock, World, build_world

from weimin_kit.testing import TestKeys, service_fixtures
from weimin_volunteers.app import MIGRATIONS_DIR, create_app
from weimin_volunteers.config import Settings


def quiet_settings(**values: Any) -> Settings:
    # No background sweep: tests move timed-out offers on explicitly, when they choose.
    return Settings(offer_sweep_seconds=0, **values)


app, client, database_url = service_fixtures(
    "volunteers", quiet_settings, create_app, MIGRATIONS_DIR
)


@pytest_asyncio.fixture
async def clock(app: FastAPI) -> Clock:
    clock = Clock()
    app.state.clock = clock
    return clock


@pytest_asyncio.fixture
async def world(client: httpx.AsyncClient, clock: Clock, test_keys: TestKeys) -> World:
    return await build_world(client, test_keys, clock)
