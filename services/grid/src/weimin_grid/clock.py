"""The service's notion of "now", replaceable so SLA and escalation rules can be tested
(and demonstrated) without waiting: set `app.state.clock` to any zero-argument callable
returning an aware UTC datetime."""

from datetime import datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from weimin_kit.types import utcnow


def now_of(app: FastAPI) -> datetime:
    clock = getattr(app.state, "clock", None)
    now: datetime = utcnow() if clock is None else clock()
    return now


async def _now(request: Request) -> datetime:
    return now_of(request.app)


Now = Annotated[datetime, Depends(_now)]
