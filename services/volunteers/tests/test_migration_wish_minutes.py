"""The revision that stops inventing wish minutes corrects the lines already invented:
a reversing line each (the ledger stays append-only), both marked not reported, totals
moved with them, other lines untouched, and nothing more when it runs again."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from weimin_kit.db import Database
from weimin_kit.ids import new_id
from weimin_kit.migrations import Direction, migrate, upgrade_to_head
from weimin_kit.testing import empty_database
from weimin_kit.types import UTCDateTime
from weimin_volunteers.app import MIGRATIONS_DIR

BEFORE = "v06revoked0001"
AT = datetime(2026, 12, 1, tzinfo=UTC)

volunteers = sa.table(
    "volunteers",
    *(sa.column(c, sa.Uuid) for c in ("id", "person_id", "street_id", "community_id")),
    *(sa.column(c, sa.String) for c in ("display_name", "status")),
    *(sa.column(c, sa.Float) for c in ("home_lon", "home_lat")),
    *(sa.column(c, sa.JSON) for c in ("weekly_availability", "availability_exceptions")),
    sa.column("alert_consent", sa.Boolean),
    *(sa.column(c, sa.Integer) for c in ("attended_count", "no_show_count")),
    *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
)
entries = sa.table(
    "hours_entries",
    *(sa.column(c, sa.Uuid) for c in ("id", "volunteer_id", "reverses_entry_id")),
    sa.column("minutes", sa.Integer),
    *(sa.column(c, sa.String) for c in ("kind", "credit_key", "reason", "recorded_by")),
    sa.column("created_at", UTCDateTime()),
)
totals = sa.table(
    "hours_totals",
    sa.column("volunteer_id", sa.Uuid),
    *(sa.column(c, sa.Integer) for c in ("minutes", "entries")),
    sa.column("updated_at", UTCDateTime()),
)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    async with empty_database("volunteers-wish-minutes", tmp_path) as database:
        yield database


async def _to(database: Database, revision: str, direction: Direction) -> None:
    await migrate(database.engine, MIGRATIONS_DIR, direction, revision)


def _line(volunteer: object, minutes: int, kind: str, key: str, by: str) -> dict[str, object]:
    return {
        "id": new_id(),
        "volunteer_id": volunteer,
        "minutes": minutes,
        "kind": kind,
        "credit_key": key,
        "reverses_entry_id": None,
        "reason": key,
        "recorded_by": by,
        "created_at": AT,
    }


async def test_invented_wish_minutes_are_reversed_and_marked_not_reported(
    database: Database,
) -> None:
    await _to(database, BEFORE, "upgrade")
    volunteer = new_id()
    invented = [
        _line(volunteer, 60, "wish", f"wish:{new_id()}", "service:wishes") for _ in range(2)
    ]
    shift = _line(volunteer, 120, "shift", "shift:1", "service:volunteers")
    async with database.engine.begin() as connection:
        await connection.execute(
            sa.insert(volunteers),
            {
                "id": volunteer,
                "person_id": new_id(),
                "street_id": new_id(),
                "community_id": new_id(),
                "display_name": "志愿者",
                "status": "active",
                "home_lon": 100.2,
                "home_lat": 25.6,
                "weekly_availability": {},
                "availability_exceptions": [],
                "alert_consent": False,
                "attended_count": 0,
                "no_show_count": 0,
                "created_at": AT,
                "updated_at": AT,
            },
        )
        await connection.execute(sa.insert(entries), [*invented, shift])
        await connection.execute(
            sa.insert(totals),
            {"volunteer_id": volunteer, "minutes": 240, "entries": 3, "updated_at": AT},
        )

    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    ledger = await _ledger(database)
    corrections = [line for line in ledger if line.reverses_entry_id is not None]
    assert sorted(line.reverses_entry_id for line in corrections) == sorted(
        line["id"] for line in invented
    )
    for line in corrections:
        assert (line.minutes, line.kind, line.minutes_reported) == (-60, "reversal", False)
        assert "never reported" in line.reason
    reported = {line.id: line.minutes_reported for line in ledger}
    assert [reported[line["id"]] for line in invented] == [False, False]
    assert reported[shift["id"]] is True  # not a wish: left alone
    assert await _total(database) == (120, 5)
    assert sum(line.minutes for line in ledger) == 120

    # Down and up again: the lines already corrected are not corrected twice.
    await _to(database, BEFORE, "downgrade")
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    assert len(await _ledger(database)) == 5
    assert await _total(database) == (120, 5)


async def _ledger(database: Database) -> list[sa.Row[tuple[object, ...]]]:
    async with database.engine.connect() as connection:
        read = sa.select(*entries.c, sa.column("minutes_reported", sa.Boolean))
        return list((await connection.execute(read.select_from(entries))).all())


async def _total(database: Database) -> tuple[int, int]:
    async with database.engine.connect() as connection:
        row = (await connection.execute(sa.select(totals.c.minutes, totals.c.entries))).one()
    return int(row.minutes), int(row.entries)
