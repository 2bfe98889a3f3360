import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest_asyncio
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).parent))
# Photos on local disk go to a directory of this run, never the checkout's var/.
os.environ.setdefault("WEIMIN_WISHES_PHOTO_DIR", tempfile.mkdtemp(prefix="wishes-photos-"))

from wish_world import Callers, FakeClock, World, build_world

from weimin_kit.testing import TestKeys, service_fixtures
from weimin_wishes.app import MIGRATIONS_DIR, create_app
from weimin_wishes.config import Settings


def quiet_settings(**values: Any) -> Settings:
    # No background sweep: tests release overdue claims explicitly, at a time they choose.
    return Settings(release_sweep_seconds=0, **values)


app, client, database_url = service_fixtures("wishes", quiet_settings, create_app, MIGRATIONS_DIR)


@pytest_asyncio.fixture
async def world() -> World:
    return build_world()


@pytest_asyncio.fixture
async def callers(world: World, test_keys: TestKeys) -> Callers:
    return Callers(test_keys, world)


@pytest_asyncio.fixture
async def clock(app: FastAPI) -> FakeClock:
    fake = FakeClock()
    app.state.clock = fake
    return fake
