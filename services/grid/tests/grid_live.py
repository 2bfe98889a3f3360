"""The grid app on its own committed database, for tests that need real transactions
(concurrent requests, the demo loader) rather than the rolled-back test transaction."""

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from weimin_grid.app import MIGRATIONS_DIR, create_app
from weimin_grid.config import Settings
from weimin_kit.testing import TestKeys
from weimin_kit.testing.live import migrated_database as _migrated_database


def migrated_database(label: str, directory: Path) -> AbstractAsyncContextManager[str]:
    return _migrated_database(label, directory, MIGRATIONS_DIR)


@asynccontextmanager
async def live_app(directory: Path, keys: TestKeys) -> AsyncIterator[FastAPI]:
    async with migrated_database("grid-live", directory) as url:
        app = create_app(Settings(database_url=url, environment="test"))
        async with app.router.lifespan_context(app):
            app.state.token_verifier.source = keys.key_source()
            yield app
