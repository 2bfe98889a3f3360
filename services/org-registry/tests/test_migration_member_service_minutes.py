"""The revision that stops assuming a fulfilled wish's minutes takes back the minutes it
assumed: each service counted so far is marked not reported (minutes null), its report
loses those minutes and counts it among `services_unreported`; running again changes
nothing."""

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from weimin_kit.db import Database
from weimin_kit.ids import new_id
from weimin_kit.migrations import Direction, migrate, upgrade_to_head
from weimin_kit.testing import empty_database
from weimin_kit.types import UTCDateTime
from weimin_org_registry.app import MIGRATIONS_DIR

BEFORE = "cadde095c4eb"
AT = datetime(2026, 12, 1, tzinfo=UTC)

reports = sa.table(
    "member_reports",
    *(sa.column(c, sa.Uuid) for c in ("id", "member_id", "person_id", "street_id")),
    sa.column("community_id", sa.Uuid),
    sa.column("reported_on", sa.Date),
    sa.column("pledges", sa.JSON),
    *(sa.column(c, sa.Integer) for c in ("services_done", "service_minutes")),
    *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
)
services = sa.table(
    "member_services",
    *(sa.column(c, sa.Uuid) for c in ("id", "report_id", "wish_id", "claim_id")),
    sa.column("community_id", sa.Uuid),
    sa.column("claimer_type", sa.String),
    sa.column("minutes", sa.Integer),
    *(sa.column(c, UTCDateTime()) for c in ("fulfilled_at", "recorded_at")),
    *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    async with empty_database("org-registry-wish-minutes", tmp_path) as database:
        yield database


async def _to(database: Database, revision: str, direction: Direction) -> None:
    await migrate(database.engine, MIGRATIONS_DIR, direction, revision)


async def test_assumed_service_minutes_are_taken_back_and_marked_not_reported(
    database: Database,
) -> None:
    await _to(database, BEFORE, "upgrade")
    report = new_id()
    # The member and person behind the report are beside the point here: written without
    # that foreign key (a plain SQLite connection checks none; PostgreSQL's is dropped).
    plain = create_async_engine(database.engine.url)
    async with plain.connect() as connection:
        if connection.dialect.name == "postgresql":
            await connection.exec_driver_sql(
                "ALTER TABLE member_reports DROP CONSTRAINT "
                "fk_member_reports_member_id_party_members"
            )
        await connection.execute(
            sa.insert(reports),
            {
                "id": report,
                "member_id": new_id(),
                "person_id": new_id(),
                "street_id": new_id(),
                "community_id": new_id(),
                "reported_on": date(2024, 9, 1),
                "pledges": [],
                "services_done": 2,
                "service_minutes": 120,  # two wishes at the assumed 60
                "created_at": AT,
                "updated_at": AT,
            },
        )
        await connection.execute(
            sa.insert(services),
            [
                {
                    "id": new_id(),
                    "report_id": report,
                    "wish_id": new_id(),
                    "claim_id": new_id(),
                    "community_id": new_id(),
                    "claimer_type": "member",
                    "minutes": 60,
                    "fulfilled_at": AT,
                    "recorded_at": AT,
                    "created_at": AT,
                    "updated_at": AT,
                }
                for _ in range(2)
            ],
        )
        await connection.commit()
    await plain.dispose()

    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    assert await _figures(database) == ((2, 0, 2), [None, None])

    await _to(database, BEFORE, "downgrade")
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    assert await _figures(database) == ((2, 0, 2), [None, None])


async def _figures(database: Database) -> tuple[tuple[int, int, int], list[int | None]]:
    async with database.engine.connect() as connection:
        report = (
            await connection.execute(
                sa.select(
                    reports.c.services_done,
                    reports.c.service_minutes,
                    sa.column("services_unreported", sa.Integer),
                ).select_from(reports)
            )
        ).one()
        minutes = (await connection.execute(sa.select(services.c.minutes))).scalars().all()
    return (report[0], report[1], report[2]), list(minutes)
