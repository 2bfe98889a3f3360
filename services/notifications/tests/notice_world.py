"""What the notifications tests share: a clock they move, alarm events as the grid sends
them, and readers of the SMS outbox."""

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from weimin_events.payloads import AlarmRaised
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.inbox import apply_event


class FakeClock:
    """01:00 UTC is 09:00 in Beijing: inside working hours."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 5, 6, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def alarm_event(
    members: list[str],
    worker: str,
    *,
    kind: str = "fire",
    grid_unit_id: uuid.UUID | None = None,
    community_id: uuid.UUID | None = None,
) -> CloudEvent:
    alarm = AlarmRaised(
        alarm_id=uuid.uuid4(),
        group_id=uuid.uuid4(),
        kind=kind,
        grid_unit_id=grid_unit_id or uuid.uuid4(),
        community_id=community_id,
        recipients=[
            *({"subject": m, "role": "member"} for m in members),
            {"subject": worker, "role": "grid_worker"},
        ],
    )
    return CloudEvent(
        specversion="1.0",
        id=uuid.uuid4().hex,
        source="/weimin/grid",
        type=AlarmRaised.event_type,
        subject=str(alarm.alarm_id),
        data=alarm.model_dump(mode="json"),
    )


async def apply(app: FastAPI, event: CloudEvent) -> str:
    return await apply_event(app.state.database, app.state.event_handlers, event)


def outbox_lines(app: FastAPI) -> list[dict[str, Any]]:
    path = Path(app.state.settings.sms_outbox)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
