"""The partner-rate-limit revision keeps the clients already created (they get 600 calls a
minute), lets the audit say `updated`, and downgrades with its audit rows dropped."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from weimin_kit.db import Database
from weimin_kit.ids import new_id
from weimin_kit.migrations import migrate
from weimin_kit.testing import empty_database
from weimin_kit.types import UTCDateTime
from weimin_org_registry.app import MIGRATIONS_DIR

BEFORE = "o11open311key01"
RATE_LIMITS = "o11ratelimit01"
NOW = datetime(2026, 12, 1, tzinfo=UTC)

clients = sa.table(
    "partner_clients",
    *(sa.column(c, sa.Uuid) for c in ("id", "area_id", "street_id", "community_id")),
    *(sa.column(c, sa.String) for c in ("client_id", "name", "area_kind", "created_by")),
    sa.column("scopes", sa.JSON),
    *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
)
changes = sa.table(
    "partner_client_changes",
    *(sa.column(c, sa.Uuid) for c in ("id", "client_pk", "street_id")),
    *(sa.column(c, sa.String) for c in ("action", "actor")),
    sa.column("details", sa.JSON),
    sa.column("at", UTCDateTime()),
)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    async with empty_database("org-registry-rate-limits", tmp_path) as database:
        yield database


def _change(client_pk: object, street: object, action: str) -> dict[str, object]:
    return {
        "id": new_id(),
        "client_pk": client_pk,
        "street_id": street,
        "action": action,
        "actor": "boss",
        "details": {},
        "at": NOW,
    }


async def test_existing_clients_get_the_default_limit_and_the_revision_round_trips(
    database: Database,
) -> None:
    await migrate(database.engine, MIGRATIONS_DIR, "upgrade", BEFORE)
    client_pk, street = new_id(), new_id()
    async with database.engine.begin() as connection:
        await connection.execute(
            sa.insert(clients),
            {
                "id": client_pk,
                "client_id": "pc-old",
                "name": "公安网格系统",
                "scopes": ["integration:grid-units.read"],
                "area_kind": "street",
                "area_id": street,
                "street_id": street,
                "community_id": None,
                "created_by": "boss",
                "created_at": NOW,
                "updated_at": NOW,
            },
        )
        await connection.execute(sa.insert(changes), _change(client_pk, street, "created"))

    await migrate(database.engine, MIGRATIONS_DIR, "upgrade", RATE_LIMITS)
    async with database.engine.begin() as connection:
        limits = await connection.execute(
            sa.text("select rate_limit_per_minute, rate_limit_burst from partner_clients")
        )
        assert limits.all() == [(600, None)]
        await connection.execute(sa.insert(changes), _change(client_pk, street, "updated"))
    with pytest.raises(IntegrityError):
        async with database.engine.begin() as connection:
            await connection.execute(sa.insert(changes), _change(client_pk, street, "renamed"))

    await migrate(database.engine, MIGRATIONS_DIR, "downgrade", BEFORE)
    async with database.engine.begin() as connection:
        actions = await connection.scalars(sa.text("select action from partner_client_changes"))
        assert list(actions) == ["created"]
        assert await connection.scalar(sa.text("select count(*) from partner_clients")) == 1
    with pytest.raises(IntegrityError):
        async with database.engine.begin() as connection:
            await connection.execute(sa.insert(changes), _change(client_pk, street, "updated"))
