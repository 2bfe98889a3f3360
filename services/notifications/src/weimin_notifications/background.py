"""Work the service does by itself: the dispatcher that sends due deliveries, the scheduler
that fires due reminders, and the broadcaster behind the live inbox streams."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.orm import Session

from weimin_kit.clock import app_clock
from weimin_kit.protection import blind_index_from, field_cipher_from
from weimin_notifications.channels.registry import build_channels
from weimin_notifications.config import Settings
from weimin_notifications.deliveries.dispatcher import RetryPolicy, dispatch_once
from weimin_notifications.notices.stream import InboxBroadcaster
from weimin_notifications.pipeline.plan import DELIVERIES_QUEUED
from weimin_notifications.preferences.sealing import Sealer
from weimin_notifications.reminders.schedule import fire_due

log = logging.getLogger("weimin.notifications.background")


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(
        max_attempts=settings.delivery_max_attempts,
        base_seconds=settings.delivery_backoff_base_seconds,
        cap_seconds=settings.delivery_backoff_cap_seconds,
        batch=settings.dispatch_batch_size,
        timeout_seconds=settings.channel_timeout_seconds + 5,
    )


async def dispatch_round(app: FastAPI) -> int:
    """One dispatcher round by the app's clock (tests call it to move time by hand)."""
    return await dispatch_once(
        app.state.database,
        app.state.sealer,
        app.state.channels,
        app_clock(app)(),
        retry_policy(app.state.settings),
    )


async def _dispatch_forever(app: FastAPI, poll_seconds: float, wake: asyncio.Event) -> None:
    while True:
        wake.clear()
        try:
            busy = await dispatch_round(app)
        except Exception:  # the next round tries again; one failure must not stop them
            log.exception("dispatch round failed")
            busy = 0
        if not busy:
            # Until deliveries are committed in this process, or the next poll (another
            # process's, quiet hours ending, a retry coming due).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), poll_seconds)


@contextlib.contextmanager
def _woken_on_commit(wake: asyncio.Event) -> Iterator[None]:
    """Sets `wake` whenever a session of this process commits queued deliveries."""

    def after_commit(session: Session) -> None:
        if session.info.pop(DELIVERIES_QUEUED, False):
            wake.set()

    event.listen(Session, "after_commit", after_commit)
    try:
        yield
    finally:
        event.remove(Session, "after_commit", after_commit)


async def remind_round(app: FastAPI) -> int:
    """One scheduler round by the app's clock: fires one batch of due reminders (tests call
    it to move time by hand). Returns how many fired."""
    settings: Settings = app.state.settings
    return await fire_due(
        app.state.database, app.state.channels, app_clock(app)(), settings.reminder_batch_size
    )


async def _remind_forever(app: FastAPI, poll_seconds: float) -> None:
    while True:
        try:
            busy = await remind_round(app)
        except Exception:  # the next round tries again; one failure must not stop them
            log.exception("reminder round failed")
            busy = 0
        if not busy:  # a full batch: more may be due, go on at once
            await asyncio.sleep(poll_seconds)


def prepare(app: FastAPI, settings: Settings) -> None:
    """What requests and event handlers use: built before the kit's event runtime starts."""
    app.state.sealer = Sealer(field_cipher_from(settings), blind_index_from(settings))
    # Its own client, not the kit's: events may be applied (and channels used) as soon as
    # the kit's runtime starts, and providers get their own timeout.
    app.state.channel_http = httpx.AsyncClient(timeout=settings.channel_timeout_seconds)
    app.state.channels = build_channels(settings, app.state.channel_http, lambda: app_clock(app))


@asynccontextmanager
async def background_work(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    app.state.inbox_broadcaster = InboxBroadcaster(app.state.database, settings.stream_poll_seconds)
    wake = asyncio.Event()
    dispatcher = (
        asyncio.create_task(_dispatch_forever(app, settings.dispatch_poll_seconds, wake))
        if settings.dispatch_enabled
        else None
    )
    scheduler = (
        asyncio.create_task(_remind_forever(app, settings.reminder_poll_seconds))
        if settings.reminders_enabled
        else None
    )
    try:
        with _woken_on_commit(wake):
            yield
    finally:
        for task in (dispatcher, scheduler):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await app.state.inbox_broadcaster.close()
        await app.state.channel_http.aclose()
