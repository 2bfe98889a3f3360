"""The current time as a dependency, so tests can move it (lockouts, key retirement)."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from weimin_kit.types import utcnow

Clock = Callable[[], datetime]


async def clock_of(request: Request) -> Clock:
    clock: Clock = getattr(request.app.state, "clock", utcnow)
    return clock


ClockDep = Annotated[Clock, Depends(clock_of)]
