"""Work the service does by itself: persisting timed-out task offers and moving each task
on to the next volunteers (reads only show such offers expired; they never write)."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from weimin_kit.db import Database
from weimin_volunteers.clock import now_of
from weimin_volunteers.config import Settings
from weimin_volunteers.dispatch import flow, repository

log = logging.getLogger("weimin.volunteers.background")


async def move_expired_offers_once(app: FastAPI) -> int:
    """One sweep: each task with timed-out offers in its own short write transaction, so
    the sweep never holds SQLite's write lock for long. Returns the offers expired."""
    database: Database = app.state.database
    now = now_of(app)
    async with database.read_sessionmaker() as session:
        task_ids = await repository.tasks_with_expired_offers(session, now)
    moved = 0
    for task_id in task_ids:
        async with database.sessionmaker() as session:
            task = await repository.get_task(session, task_id)
            if task is not None:
                moved += await flow.expire_offers(session, task, now)
            await session.commit()
    return moved


async def _sweep_forever(app: FastAPI, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            moved = await move_expired_offers_once(app)
        except Exception:  # the next sweep tries again; one failure must not stop them
            log.exception("moving timed-out offers on failed")
            continue
        if moved:
            log.info("moved timed-out offers on", extra={"expired": moved})


@asynccontextmanager
async def background_work(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    sweeper = (
        asyncio.create_task(_sweep_forever(app, settings.offer_sweep_seconds))
        if settings.offer_sweep_seconds > 0
        else None
    )
    try:
        yield
    finally:
        # Stop before the kit disposes the engine under it.
        if sweeper is not None:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
