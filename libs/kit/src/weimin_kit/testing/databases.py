"""Fresh databases for a test run: a temporary SQLite file, or a new PostgreSQL database
when `WEIMIN_TEST_DATABASE=postgresql` (created on the server named by
`WEIMIN_TEST_POSTGRES_URL`, dropped afterwards)."""

import os
import secrets
from pathlib import Path

import asyncpg

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def backend() -> str:
    value = os.environ.get("WEIMIN_TEST_DATABASE", "sqlite")
    if value not in ("sqlite", "postgresql"):
        raise ValueError("WEIMIN_TEST_DATABASE must be sqlite or postgresql")
    return value


def _server_url() -> str:
    return os.environ.get("WEIMIN_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


async def create_test_database(label: str, directory: Path) -> str:
    """Create an empty database and return its SQLAlchemy async URL."""
    if backend() == "sqlite":
        return f"sqlite+aiosqlite:///{directory / f'{label}.db'}"
    name = f"weimin_test_{label.replace('-', '_')}_{secrets.token_hex(4)}"
    connection = await asyncpg.connect(_server_url())
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
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
