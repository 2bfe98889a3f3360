"""A service's notion of "now", held on its app so tests (and demonstrations of deadlines,
escalations, lockouts) can move it without waiting: set `app.state.clock` to any
zero-argument callable returning an aware UTC datetime."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from weimin_kit.types import utcnow

Clock = Callable[[], datetime]


def app_clock(app: object) -> Clock:
    # `object`, not FastAPI: work outside a request (an event the inbox applies) passes
    # whatever holds the state.
    clock: Clock = getattr(getattr(app, "state", None), "clock", utcnow)
    return clock


def now_of(app: object) -> datetime:
    return app_clock(app)()


async def clock_of(request: Request) -> Clock:
    return app_clock(request.app)


async def _now(request: Request) -> datetime:
    return now_of(request.app)


ClockDep = Annotated[Clock, Depends(clock_of)]
Now = Annotated[datetime, Depends(_now)]
