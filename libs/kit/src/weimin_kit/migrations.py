"""Alembic glue: one `env.py` body for every service, and programmatic upgrade/check.

Every service keeps its own Alembic tree in `migrations/`; migrations run on SQLite and on
PostgreSQL alike (batch mode on SQLite so ALTERs work there too).
"""

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from weimin_kit.db import create_engine

Direction = Literal["upgrade", "downgrade"]


def alembic_config(script_location: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.set_main_option(
        "file_template", "%%(year)d-%%(month).2d-%%(day).2d-%%(hour).2d%%(minute).2d_%%(slug)s"
    )
    return config


def _configure(connection: Connection, metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_env(metadata: MetaData, default_url: Callable[[], str] | None = None) -> None:
    """The whole body of a service's `migrations/env.py`.

    Programmatic upgrades pass their connection; the alembic command line falls back to
    the service's configured database URL.
    """
    config = context.config
    if not config.get_main_option("sqlalchemy.url") and default_url is not None:
        config.set_main_option("sqlalchemy.url", default_url().replace("%", "%%"))
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection, metadata)
        return
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata)
        with context.begin_transaction():
            context.run_migrations()
        return

    async def run_online() -> None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        async with engine.begin() as conn:
            await conn.run_sync(_configure, metadata)
        await engine.dispose()

    asyncio.run(run_online())


async def upgrade_to_head(engine: AsyncEngine, script_location: Path) -> None:
    await migrate(engine, script_location, "upgrade", "head")


async def migrate(
    engine: AsyncEngine,
    script_location: Path,
    direction: Direction,
    revision: str,
) -> None:
    """Upgrade or downgrade to `revision` on the engine's own connection (migration tests
    step a database to the revision before theirs, plant rows, then cross it both ways)."""
    config = alembic_config(script_location, engine.url.render_as_string(hide_password=False))
    step = command.upgrade if direction == "upgrade" else command.downgrade

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        step(config, revision)

    async with engine.begin() as conn:
        await conn.run_sync(run)


def head_revision(script_location: Path) -> str | None:
    return ScriptDirectory(str(script_location)).get_current_head()


async def current_revision(engine: AsyncEngine) -> str | None:
    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as conn:
        return await conn.run_sync(read)
