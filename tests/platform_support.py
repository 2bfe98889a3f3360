"""Starting the whole platform for cross-service tests, exactly as `make run` would start it
(same launcher), but on free ports and fresh databases (SQLite files, or PostgreSQL
databases with `WEIMIN_TEST_DATABASE=postgresql`)."""

import asyncio
import atexit
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from weimin_kit.testing import copy_test_database, create_test_database, drop_test_database
from weimin_kit.testing.live import free_port
from weimin_launcher.processes import ALL, GATEWAY, SERVICES, Layout
from weimin_launcher.setup import prepare
from weimin_launcher.supervisor import Supervisor

# The tests sign in with these.
ADMIN_PASSWORD = os.environ.get("WEIMIN_IT_ADMIN_PASSWORD", "Harbour-Lantern-2026!")
DEMO_PASSWORD = os.environ.get("WEIMIN_IT_DEMO_PASSWORD", "Integration-Demo-2026!")
SPA_DIR = Path(__file__).parents[1] / "frontend" / "dist"


BASE_ENV = {
    "WEIMIN_ADMIN_PASSWORD": ADMIN_PASSWORD,
    "WEIMIN_DEMO_PASSWORD": DEMO_PASSWORD,
    "WEIMIN_GATEWAY_SPA_DIR": str(SPA_DIR),
}

# The demo city, migrated and loaded once per test process (`prepare` takes half a minute
# to two minutes on a busy machine): every platform after the first starts from a copy of
# it, a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL. What a test's own
# settings change (retention, second factor, proxies) is read when the services start, not
# when the city is loaded, so one prepared city serves them all.
_prepared: dict[str, str] = {}
_prepared_dir = Path(tempfile.mkdtemp(prefix="weimin-prepared-city-"))


async def _prepare_city_once() -> dict[str, str]:
    if not _prepared:
        urls = {
            service.name: await create_test_database(f"city-{service.name}", _prepared_dir)
            for service in SERVICES
        }
        layout = Layout(var_dir=_prepared_dir, database_urls=urls, extra_env=BASE_ENV)
        await asyncio.to_thread(prepare, layout, demo_size="demo")
        _prepared.update(urls)
        atexit.register(_drop_prepared_city)
    return _prepared


def _drop_prepared_city() -> None:
    async def drop() -> None:
        for url in _prepared.values():
            await drop_test_database(url)

    asyncio.run(drop())
    shutil.rmtree(_prepared_dir, ignore_errors=True)


async def _copy_of_prepared_city(var_dir: Path) -> dict[str, str]:
    """Fresh databases holding the prepared demo city, and its files (photos) in var_dir."""
    prepared = await _prepare_city_once()
    shutil.copytree(
        _prepared_dir,
        var_dir,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("logs", "*.db", "*.db-wal", "*.db-shm"),
    )
    return {name: await copy_test_database(url, name, var_dir) for name, url in prepared.items()}


class Platform:
    def __init__(self, layout: Layout, supervisor: Supervisor) -> None:
        self.layout = layout
        self.supervisor = supervisor

    @property
    def url(self) -> str:
        return self.layout.url(GATEWAY)

    def service_url(self, name: str) -> str:
        return self.layout.url(next(s for s in SERVICES if s.name == name))


@asynccontextmanager
async def running_platform(
    var_dir: Path,
    extra_env: Mapping[str, str] | None = None,
    *,
    second_factor_required: bool = False,
) -> AsyncIterator[Platform]:
    """Every service and the gateway as real processes, with the demo city loaded.

    `extra_env` adds settings (`WEIMIN_<SERVICE>_…`) for a test that needs a platform
    configured differently from the shared one. The second-factor demand (reveal, export,
    account administration) is off unless asked for: a TOTP code is accepted once per
    30 s step, so suites signing the same account in many times would wait on the clock.
    The sign-in suite turns it on and goes through enrolment and both steps.
    """
    database_urls = await _copy_of_prepared_city(var_dir)
    layout = Layout(
        var_dir=var_dir,
        ports={process.name: free_port() for process in ALL},
        database_urls=database_urls,
        extra_env={
            **BASE_ENV,
            **{
                f"WEIMIN_{service.name.replace('-', '_').upper()}_SECOND_FACTOR_REQUIRED": str(
                    second_factor_required
                ).lower()
                for service in SERVICES
            },
            **(extra_env or {}),
        },
    )
    supervisor = Supervisor(layout, ALL, log_dir=var_dir / "logs", echo=False)
    await supervisor.start()
    try:
        await supervisor.wait_ready()
        yield Platform(layout, supervisor)
    finally:
        await supervisor.stop()
        for url in database_urls.values():
            await drop_test_database(url)


async def login(client: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    """Sign in through the gateway; the Authorization header for the account's calls."""
    response = await client.post(
        "/api/v1/auth/login", json={"username": username, "password": password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


#: Headers asking for problem texts in English (zh-CN is what a client gets by default).
ENGLISH = {"Accept-Language": "en"}
