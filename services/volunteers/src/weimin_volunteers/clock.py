"""The service's notion of now, held on the app so tests (and the offer timeouts) can move
it without sleeping."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from weimin_kit.types import utcnow

Clock = Callable[[], datetime]


async def _now(request: Request) -> datetime:
    clock: Clock = getattr(request.app.state, "clock", utcnow)
    return clock()


Now = Annotated[datetime, Depends(_now)]


def now_of(app: object) -> datetime:
    """Now for work done outside a request (an event applied by the inbox)."""
    clock: Clock = getattr(getattr(app, "state", None), "clock", utcnow)
    return clock()
