"""weimin_kit.retention: cut-off arithmetic and the batched purge."""

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Column, MetaData, Table, Uuid, func, insert, select

from weimin_kit.db import Database
from weimin_kit.retention import purge_before, years_before
from weimin_kit.types import UTCDateTime


@pytest.mark.parametrize(
    ("moment", "years", "expected"),
    [
        (datetime(2026, 12, 6, 21, 0, tzinfo=UTC), 3, datetime(2023, 12, 6, 21, 0, tzinfo=UTC)),
        (datetime(2028, 2, 29, 8, 0, tzinfo=UTC), 1, datetime(2027, 2, 28, 8, 0, tzinfo=UTC)),
        (datetime(2028, 2, 29, 8, 0, tzinfo=UTC), 4, datetime(2024, 2, 29, 8, 0, tzinfo=UTC)),
    ],
)
def test_years_before_is_the_same_calendar_moment(
    moment: datetime, years: int, expected: datetime
) -> None:
    assert years_before(moment, years) == expected


async def test_purge_deletes_only_rows_older_than_the_cutoff_in_batches(tmp_path: Path) -> None:
    metadata = MetaData()
    logs = Table(
        "logs", metadata, Column("id", Uuid, primary_key=True), Column("at", UTCDateTime())
    )
    database = Database.from_url(f"sqlite+aiosqlite:///{tmp_path / 'purge.db'}")
    cutoff = datetime(2026, 1, 1, tzinfo=UTC)
    old = [cutoff - timedelta(microseconds=1), *(cutoff - timedelta(days=d) for d in range(1, 6))]
    kept = [cutoff, cutoff + timedelta(days=1)]
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
            await connection.execute(
                insert(logs), [{"id": uuid.uuid4(), "at": at} for at in [*old, *kept]]
            )
        assert await purge_before(database, logs, "at", cutoff, batch_size=4) == 6
        assert await purge_before(database, logs, "at", cutoff, batch_size=4) == 0
        async with database.sessionmaker() as session:
            left = sorted(await session.scalars(select(logs.c.at)))
            assert left == kept
            assert await session.scalar(select(func.count()).select_from(logs)) == 2
    finally:
        await database.dispose()
