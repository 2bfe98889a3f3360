"""Work the service does by itself: persisting timed-out task offers and moving each task
on to the next volunteers (reads only show such offers expired; they never write)."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from weimin_kit.clock import now_of
from weimin_kit.db import Database
from weimin_kit.schedule import every
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


async def _move_expired_offers(app: FastAPI) -> None:
    moved = await move_expired_offers_once(app)
    if moved:
        log.info("moved timed-out offers on", extra={"expired": moved})


@asynccontextmanager
async def background_work(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    if settings.offer_sweep_seconds <= 0:
        yield
        return
    # Stopped (a run under way cancelled and awaited) before the kit disposes the engine.
    async with every(
        settings.offer_sweep_seconds,
        lambda: _move_expired_offers(app),
        name="volunteers-expired-offers",
    ):
        yield
