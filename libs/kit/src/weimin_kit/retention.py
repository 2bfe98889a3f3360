"""Keeping personal data and audit logs no longer than their purpose needs (PIPL art. 19,
47): the cut-off arithmetic and a batched purge (`weimin_kit.schedule.every` runs a
service's sweep).

Sweeps may run in several processes of one service at once. Each batch is its own short
transaction, its rows picked with `FOR UPDATE SKIP LOCKED` on PostgreSQL (two processes
take different rows; SQLite serialises writers anyway), and every change is conditional,
so running a sweep twice, or twice at once, changes nothing more.
"""

from datetime import datetime

from sqlalchemy import Table, delete, select

from weimin_kit.db import Database


def years_before(moment: datetime, years: int) -> datetime:
    """The same calendar moment `years` earlier (29 February falls back to the 28th)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


async def purge_before(
    database: Database, table: Table, column: str, cutoff: datetime, batch_size: int
) -> int:
    """Delete the rows whose `column` is earlier than `cutoff` (a row exactly at the
    cut-off stays), `batch_size` at a time, each batch committed on its own; the count."""
    key = table.c.id
    moment = table.c[column]
    purged = 0
    while True:
        async with database.sessionmaker() as session, session.begin():
            ids = list(
                await session.scalars(
                    select(key)
                    .where(moment < cutoff)
                    .order_by(moment)
                    .limit(batch_size)
                    .with_for_update(skip_locked=True)
                )
            )
            if ids:
                await session.execute(delete(table).where(key.in_(ids)))
        purged += len(ids)
        if len(ids) < batch_size:
            return purged
