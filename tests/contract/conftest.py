"""The services of the contract tests (`wish.fulfilled`: wishes, volunteers, org-registry;
`partner_client.revoked`: org-registry, grid), each its real app on a real, migrated
database of its own (committed, not rolled back: nothing is shared but the event)."""

import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI

SERVICES = Path(__file__).resolve().parents[2] / "services"
# The services' own test worlds (the organisation network, the wish wall's places).
for service in ("wishes", "volunteers", "org-registry"):
    sys.path.insert(0, str(SERVICES / service / "tests"))

from org_registry_world import FakeClock, World, build_world  # noqa: E402

from weimin_grid import app as grid  # noqa: E402
from weimin_grid.config import Settings as GridSettings  # noqa: E402
from weimin_kit.db import Database  # noqa: E402
from weimin_kit.migrations import upgrade_to_head  # noqa: E402
from weimin_kit.testing import TestKeys, create_test_database, drop_test_database  # noqa: E402
from weimin_org_registry import app as org_registry  # noqa: E402
from weimin_org_registry.config import Settings as OrgRegistrySettings  # noqa: E402
from weimin_volunteers import app as volunteers  # noqa: E402
from weimin_volunteers.config import Settings as VolunteersSettings  # noqa: E402
from weimin_wishes import app as wishes  # noqa: E402
from weimin_wishes.config import Settings as WishesSettings  # noqa: E402


@asynccontextmanager
async def running(
    label: str,
    settings: Callable[..., Any],
    create_app: Callable[[Any], FastAPI],
    migrations: Path,
    directory: Path,
    keys: TestKeys | None,
) -> AsyncIterator[FastAPI]:
    url = await create_test_database(label, directory)
    database = Database.from_url(url)
    await upgrade_to_head(database.engine, migrations)
    await database.dispose()
    app = create_app(settings(database_url=url, environment="test", events_transport="none"))
    try:
        async with app.router.lifespan_context(app):
            if keys is not None:
                app.state.token_verifier.source = keys.key_source()
            yield app
    finally:
        await drop_test_database(url)


def client_of(app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://service.test")


@pytest_asyncio.fixture
async def wishes_app(tmp_path: Path, test_keys: TestKeys) -> AsyncIterator[FastAPI]:
    def settings(**values: Any) -> WishesSettings:
        return WishesSettings(release_sweep_seconds=0, **values)

    async with running(
        "contract-wishes",
        settings,
        wishes.create_app,
        wishes.MIGRATIONS_DIR,
        tmp_path / "wishes",
        test_keys,
    ) as app:
        yield app


@pytest_asyncio.fixture
async def volunteers_app(tmp_path: Path, test_keys: TestKeys) -> AsyncIterator[FastAPI]:
    def settings(**values: Any) -> VolunteersSettings:
        return VolunteersSettings(offer_sweep_seconds=0, **values)

    async with running(
        "contract-volunteers",
        settings,
        volunteers.create_app,
        volunteers.MIGRATIONS_DIR,
        tmp_path / "volunteers",
        test_keys,
    ) as app:
        yield app


@pytest_asyncio.fixture
async def grid_app(tmp_path: Path, test_keys: TestKeys) -> AsyncIterator[FastAPI]:
    def settings(**values: Any) -> GridSettings:
        # The test runs what it needs itself: no sweep, no dispatcher rounds of their own.
        return GridSettings(
            retention_enabled=False,
            webhooks_enabled=False,
            photo_dir=tmp_path / "grid-photos",
            **values,
        )

    async with running(
        "contract-grid",
        settings,
        grid.create_app,
        grid.MIGRATIONS_DIR,
        tmp_path / "grid",
        test_keys,
    ) as app:
        yield app


@pytest_asyncio.fixture
async def org_registry_app(tmp_path: Path) -> AsyncIterator[FastAPI]:
    def settings(**values: Any) -> OrgRegistrySettings:
        # Argon2 at its cheapest; sign-ins by password only; no retention sweep.
        return OrgRegistrySettings(
            argon2_time_cost=1,
            argon2_memory_cost_kib=8,
            argon2_parallelism=1,
            second_factor_required=False,
            retention_enabled=False,
            **values,
        )

    async with running(
        "contract-org-registry",
        settings,
        org_registry.create_app,
        org_registry.MIGRATIONS_DIR,
        tmp_path / "org-registry",
        None,  # it verifies the tokens it issues itself
    ) as app:
        app.state.clock = FakeClock()
        yield app


@pytest.fixture
def org_world_builder() -> Callable[[FastAPI, httpx.AsyncClient], Any]:
    async def build(app: FastAPI, client: httpx.AsyncClient) -> World:
        return await build_world(app, client)

    return build
