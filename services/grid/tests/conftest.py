import os
import sys
import tempfile
from pathlib import Path

import pytest_asyncio
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).parent))
# The scheduled retention sweep would run inside a test's rolled-back transaction; the
# tests run the sweep themselves (weimin_grid.privacy.retention.sweep_once).
os.environ.setdefault("WEIMIN_GRID_RETENTION_ENABLED", "false")
# Likewise the webhook dispatcher: the webhook tests run its rounds on a simulated clock.
os.environ.setdefault("WEIMIN_GRID_WEBHOOKS_ENABLED", "false")
# Photos on local disk go to a directory of this run, never the checkout's var/.
os.environ.setdefault("WEIMIN_GRID_PHOTO_DIR", tempfile.mkdtemp(prefix="grid-photos-"))

from grid_world import Callers, World, build_world

from weimin_grid.app import MIGRATIONS_DIR, create_app
from weimin_grid.config import Settings
from weimin_kit.testing import TestKeys, service_fixtures

app, client, database_url = service_fixtures("grid", Settings, create_app, MIGRATIONS_DIR)


@pytest_asyncio.fixture
async def world(app: FastAPI) -> World:
    return await build_world(app)


@pytest_asyncio.fixture
async def callers(world: World, test_keys: TestKeys) -> Callers:
    return Callers(test_keys, world)
