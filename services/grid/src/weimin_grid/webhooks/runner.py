"""Running the dispatcher: rounds every `webhook_poll_seconds`, each running until nothing
more is due (an incident's next event goes as soon as the one before it is delivered).

Inside the grid's process (`webhooks_enabled`, the default), or as a process of its own
(`python -m weimin_grid dispatch-webhooks`, which runs whatever that setting says: set it
false for the API's processes): there it does not share an event loop
with the API, whose requests would otherwise delay every round when the process is busy
(measured in `bench/exchange.py`: at 100 incidents a second the embedded dispatcher fell
tens of seconds behind). Several may run at once (dispatch.py: claims with a lease)."""

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import httpx
from fastapi import FastAPI

from weimin_grid.config import Settings
from weimin_grid.webhooks.dispatch import RetryPolicy, dispatch_once
from weimin_kit.clock import now_of
from weimin_kit.db import Database
from weimin_kit.pii.crypto import FieldCipher
from weimin_kit.protection import field_cipher_from
from weimin_kit.schedule import every
from weimin_kit.types import utcnow

#: Rounds in one run at most, so one run cannot hold the scheduler forever.
MAX_ROUNDS = 50
log = logging.getLogger("weimin.grid.webhooks")


@asynccontextmanager
async def webhook_dispatcher(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    if not settings.webhooks_enabled:
        yield
        return
    policy = settings.webhook_policy()
    async with httpx.AsyncClient(follow_redirects=False) as client:

        async def run() -> None:
            for _ in range(MAX_ROUNDS):
                sent = await dispatch_once(
                    app.state.database, app.state.field_cipher, client, now_of(app), policy
                )
                if not sent:
                    return

        async with every(settings.webhook_poll_seconds, run, name="grid-webhooks"):
            yield


async def dispatch_until_stopped(settings: Settings) -> None:
    """The dispatcher as a process of its own, until SIGTERM or SIGINT."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    database = Database.from_url(
        settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )
    log.info("webhook dispatcher started")
    try:
        await dispatch_until(
            database,
            field_cipher_from(settings),
            settings.webhook_policy(),
            settings.webhook_poll_seconds,
            stopping,
        )
    finally:
        await database.dispose()
        log.info("webhook dispatcher stopped")


async def dispatch_until(
    database: Database,
    cipher: FieldCipher,
    policy: RetryPolicy,
    poll_seconds: float,
    stopping: asyncio.Event,
) -> None:
    """Rounds until `stopping` is set (a round under way finishes first; a process killed
    mid-round leaves its claims' leases to run out, and they are sent again)."""
    async with httpx.AsyncClient(follow_redirects=False) as client:
        while not stopping.is_set():
            try:
                sent = await dispatch_once(database, cipher, client, utcnow(), policy)
            except Exception:  # the next round tries again, as the embedded one does
                log.exception("webhook round failed")
                sent = 0
            if not sent:
                with suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), poll_seconds)
