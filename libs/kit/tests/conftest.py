import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).parent))

from sample.app import MIGRATIONS_DIR, create_app
from weimin_kit.db import Database
from weimin_kit.migrations import upgrade_to_head
from weimin_kit.settings import ServiceSettings
from weimin_kit.testing import TestKeys, create_test_database, drop_test_database, service_fixtures

app, client, database_url = service_fixtures(
    "kit-sample", ServiceSettings, create_app, MIGRATIONS_DIR
)


@pytest_asyncio.fixture
async def live_app(tmp_path: Path, test_keys: TestKeys) -> AsyncIterator[FastAPI]:
    """The sample app on its own committed database, for real concurrency."""
    url = await create_test_database("kit-live", tmp_path)
    database = Database.from_url(url)
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    await database.dispose()
    app = create_app(ServiceSettings(database_url=url, environment="test"))
    assert isinstance(app, FastAPI)
    async with app.router.lifespan_context(app):
        app.state.token_verifier.source = test_keys.key_source()
        yield app
    await drop_test_database(url)
