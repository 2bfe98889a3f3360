"""Work a service does by itself on a timer (sweeps): APScheduler's interval job, run in
the service's event loop from its lifespan."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger("weimin.schedule")

#: The first run after start-up waits at most this long (not a whole interval): a
#: process restarted more often than its interval would otherwise never run the job.
FIRST_RUN_DELAY_SECONDS = 30.0


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
