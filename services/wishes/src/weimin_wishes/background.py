"""Work the service does by itself: releasing overdue claims, deleting proof photos never
attached, and the wall broadcaster."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from weimin_kit.clock import app_clock
from weimin_kit.db import Database
from weimin_kit.photos import app_photo_store
from weimin_wishes.config import Settings
from weimin_wishes.photos.sweep import delete_unattached_photos
from weimin_wishes.wall.stream import WallBroadcaster
from weimin_wishes.wishes.claims import release_overdue_claims

log = logging.getLogger("weimin.wishes.background")


async def release_overdue_once(app: FastAPI) -> int:
    """One sweep in its own transaction; `app.state.clock` decides what is overdue."""
    database: Database = app.state.database
    settings: Settings = app.state.settings
    async with database.sessionmaker() as session:
        released = await release_overdue_claims(session, settings, app_clock(app)())
        await session.commit()
    return released


async def delete_unattached_photos_once(app: FastAPI) -> int:
    """Proof photos attached to nothing after `photo_unattached_hours` (by the app's
    clock), deleted in one transaction; the number deleted."""
    database: Database = app.state.database
    settings: Settings = app.state.settings
    async with database.sessionmaker() as session:
        deleted = await delete_unattached_photos(
            session, app_photo_store(app), app_clock(app)(), settings.photo_unattached_hours
        )
        await session.commit()
    return deleted


async def _sweep_forever(app: FastAPI, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            released = await release_overdue_once(app)
        except Exception:  # the next sweep tries again; one failure must not stop them
            log.exception("releasing overdue claims failed")
        else:
            if released:
                log.info("released overdue claims", extra={"released": released})
        try:
            deleted = await delete_unattached_photos_once(app)
        except Exception:
            log.exception("deleting unattached photos failed")
        else:
            if deleted:
                log.info("deleted unattached photos", extra={"deleted": deleted})


@asynccontextmanager
async def background_work(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    broadcaster = WallBroadcaster(app.state.database, settings.wall_poll_seconds)
    app.state.wall_broadcaster = broadcaster
    sweeper = (
        asyncio.create_task(_sweep_forever(app, settings.release_sweep_seconds))
        if settings.release_sweep_seconds > 0
        else None
    )
    try:
        yield
    finally:
        # Wait for the tasks to stop before the kit disposes the engine under them.
        if sweeper is not None:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
        await broadcaster.close()
