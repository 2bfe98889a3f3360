"""Fresh databases for a test run: a temporary SQLite file, or a new PostgreSQL database
when `WEIMIN_TEST_DATABASE=postgresql` (created on the server named by
`WEIMIN_TEST_POSTGRES_URL`, dropped afterwards).

Under pytest-xdist each worker is its own process with its own fixtures: SQLite files sit
in the worker's own temporary directory, and PostgreSQL names carry the worker id
(`gw0`, `gw1`, …) as well as a random part, so no worker ever touches another's database
and a leftover one says which worker made it."""

import os
import secrets
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

from weimin_kit.db import Database

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def backend() -> str:
    value = os.environ.get("WEIMIN_TEST_DATABASE", "sqlite")
    if value not in ("sqlite", "postgresql"):
        raise ValueError("WEIMIN_TEST_DATABASE must be sqlite or postgresql")
    return value


def _server_url() -> str:
    return os.environ.get("WEIMIN_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _worker() -> str:
    """The pytest-xdist worker running this process, `main` when tests run in one process."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


async def create_test_database(label: str, directory: Path) -> str:
    """Create an empty database and return its SQLAlchemy async URL."""
    if backend() == "sqlite":
        return f"sqlite+aiosqlite:///{directory / f'{label}.db'}"
    return await _create_postgres_database(label, template=None)


async def copy_test_database(url: str, label: str, directory: Path) -> str:
    """A new database holding what the one at `url` holds (migrated and loaded once, then
    copied for each test that needs it): a file copy on SQLite, `CREATE DATABASE …
    TEMPLATE` on PostgreSQL. Nothing may be connected to the original while it is copied."""
    if not url.startswith("postgresql"):
        original = Path(url.split(":///", 1)[1])
        copy = directory / f"{label}.db"
        for suffix in ("", "-wal", "-shm"):  # a WAL left by a process that died holds rows
            if (source := Path(f"{original}{suffix}")).exists():
                shutil.copyfile(source, f"{copy}{suffix}")
        return f"sqlite+aiosqlite:///{copy}"
    return await _create_postgres_database(label, template=url.rsplit("/", 1)[1])


async def _create_postgres_database(label: str, template: str | None) -> str:
    # PostgreSQL cuts names at 63 bytes; the label is trimmed so the random part survives.
    name = f"weimin_test_{_worker()}_{label.replace('-', '_')[:30]}_{secrets.token_hex(4)}"
    connection = await asyncpg.connect(_server_url())
    try:
        copy_of = f' TEMPLATE "{template}"' if template else ""
        await connection.execute(f'CREATE DATABASE "{name}"{copy_of}')
    finally:
        await connection.close()
    server = _server_url().rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{server}/{name}"


async def drop_test_database(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    name = url.rsplit("/", 1)[1]
    connection = await asyncpg.connect(_server_url())
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@asynccontextmanager
async def empty_database(label: str, directory: Path) -> AsyncIterator[Database]:
    """An empty database for a test to migrate step by step (migration tests), disposed
    and dropped afterwards."""
    url = await create_test_database(label, directory)
    database = Database.from_url(url)
    try:
        yield database
    finally:
        await database.dispose()
        await drop_test_database(url)
