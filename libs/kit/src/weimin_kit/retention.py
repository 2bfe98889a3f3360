"""Keeping personal data and audit logs no longer than their purpose needs (PIPL art. 19,
47): the cut-off arithmetic, a batched purge, and the timer that runs a service's sweep.

Sweeps may run in several processes of one service at once. Each batch is its own short
transaction, its rows picked with `FOR UPDATE SKIP LOCKED` on PostgreSQL (two processes
take different rows; SQLite serialises writers anyway), and every change is conditional,
so running a sweep twice, or twice at once, changes nothing more.
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Table, delete, select

from weimin_kit.db import Database

log = logging.getLogger("weimin.retention")

#: The first sweep after start-up waits at most this long (not a whole interval): a
#: process restarted more often than its interval would otherwise never sweep.
FIRST_RUN_DELAY_SECONDS = 30.0


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


@asynccontextmanager
async def every(
    seconds: float, job: Callable[[], Awaitable[object]], *, name: str
) -> AsyncIterator[AsyncIOScheduler]:
    """Run `job` every `seconds` while the context is open (APScheduler's interval job:
    never two runs at once in this process, missed runs coalesced into one). On exit a
    run under way is cancelled and awaited, so it never outlives the database engine."""
    running: set[asyncio.Task[object]] = set()

    async def run() -> None:
        task = asyncio.current_task()
        if task is not None:
            running.add(task)
        try:
            await job()
        except Exception:  # the next run tries again; one failure must not stop them
            log.exception("scheduled job failed", extra={"job": name})
        finally:
            if task is not None:
                running.discard(task)

    # Its INFO lines ("Running job …", "executed successfully") each run are noise; its
    # warnings (a run skipped because the previous one still runs) are kept.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        run,
        IntervalTrigger(seconds=seconds, timezone=UTC),
        id=name,
        name=name,
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
        next_run_time=datetime.now(UTC) + timedelta(seconds=min(seconds, FIRST_RUN_DELAY_SECONDS)),
    )
    scheduler.start()
    try:
        yield scheduler
    finally:
        scheduler.shutdown(wait=False)
        for task in list(running):
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
