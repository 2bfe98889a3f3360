"""The grid app on its own committed database, for tests that need real transactions
(concurrent requests, the demo loader) rather than the rolled-back test transaction."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from weimin_grid.app import MIGRATIONS_DIR, create_app
from weimin_grid.config import Settings
from weimin_kit.db import Database
from weimin_kit.migrations import upgrade_to_head
from weimin_kit.testing import TestKeys, create_test_database, drop_test_database


@asynccontextmanager
async def migrated_database(label: str, directory: Path) -> AsyncIterator[str]:
    url = await create_test_database(label, directory)
    database = Database.from_url(url)
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    await database.dispose()
    try:
        yield url
    finally:
        await drop_test_database(url)


@asynccontextmanager
async def live_app(directory: Path, keys: TestKeys) -> AsyncIterator[FastAPI]:
    async with migrated_database("grid-live", directory) as url:
        app = create_app(Settings(database_url=url, environment="test"))
        async with app.router.lifespan_context(app):
            app.state.token_verifier.source = keys.key_source()
            yield app
