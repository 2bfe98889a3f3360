"""The dispatcher inside the grid's process: rounds every `webhook_poll_seconds`, each
running until nothing more is due (an incident's next event goes as soon as the one before
it is delivered)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from weimin_grid.config import Settings
from weimin_grid.webhooks.dispatch import dispatch_once
from weimin_kit.clock import now_of
from weimin_kit.schedule import every

#: Rounds in one run at most, so one run cannot hold the scheduler forever.
MAX_ROUNDS = 50


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
