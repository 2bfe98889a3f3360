"""Fixtures for one service's tests: a migrated database per test run, the app with its
lifespan, each test inside a transaction that is rolled back, and an async client that
fails the test on any problem code the route's OpenAPI operation does not declare.

A service's conftest.py says:

    app, client, database_url = service_fixtures("grid", Settings, create_app, MIGRATIONS)
"""

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import async_sessionmaker

from weimin_kit.db import Database, read_sessionmaker
from weimin_kit.migrations import upgrade_to_head
from weimin_kit.testing.databases import create_test_database, drop_test_database
from weimin_kit.testing.problem_codes import check_declared
from weimin_kit.testing.tokens import TestKeys


def service_fixtures(
    label: str,
    settings_factory: Callable[..., Any],
    create_app: Callable[[Any], FastAPI],
    migrations_dir: Path,
    *,
    use_test_keys: bool = True,
) -> tuple[Any, Any, Any]:
    @pytest_asyncio.fixture(scope="session", name="database_url")
    async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
        url = await create_test_database(label, tmp_path_factory.mktemp(label))
        database = Database.from_url(url)
        await upgrade_to_head(database.engine, migrations_dir)
        await database.dispose()
        yield url
        await drop_test_database(url)

    @pytest_asyncio.fixture(name="app")
    async def app(database_url: str, test_keys: TestKeys) -> AsyncIterator[FastAPI]:
        # Each test runs inside one rolled-back transaction, which a background relay must
        # not share: events stay in the outbox here; tests of delivery start their own.
        settings = settings_factory(
            database_url=database_url, environment="test", events_transport="none"
        )
        application = create_app(settings)
        async with application.router.lifespan_context(application):
            if use_test_keys:
                application.state.token_verifier.source = test_keys.key_source()
            database: Database = application.state.database
            connection = await database.engine.connect()
            outer = await connection.begin()
            # Both factories on the test's connection; read sessions still refuse to
            # write, so a GET that writes fails here rather than under load.
            database.sessionmaker = async_sessionmaker(
                bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
            )
            database.read_sessionmaker = read_sessionmaker(
                connection, join_transaction_mode="create_savepoint"
            )
            try:
                yield application
            finally:
                await outer.rollback()
                await connection.close()

    @pytest_asyncio.fixture(name="client")
    async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://service.test",
            event_hooks={"response": [check_declared(app)]},
        ) as c:
            yield c

    return app, client, database_url
