"""The current time as a dependency, so tests can move it (claim deadlines) without sleeping."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from weimin_kit.types import utcnow

Clock = Callable[[], datetime]


def app_clock(app: FastAPI) -> Clock:
    clock: Clock = getattr(app.state, "clock", utcnow)
    return clock


async def clock_of(request: Request) -> Clock:
    return app_clock(request.app)


ClockDep = Annotated[Clock, Depends(clock_of)]
