"""Operator views and actions: what waits, what is dead, and redelivery.

`python -m weimin_<service> outbox status` counts the outbox by state and lists dead
events; `outbox redeliver` puts dead outbox events back to pending (all, or by id) and
replays the dead letters this service kept as a consumer.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import MetaData, delete, func, select, update

from weimin_kit.db import Database
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.inbox import Handlers, apply_event
from weimin_kit.tables import dead_letter_table, outbox_table
from weimin_kit.types import utcnow

_OUTBOX = outbox_table(MetaData())
_DEAD = dead_letter_table(MetaData())


async def outbox_status(database: Database, dead_listed: int = 20) -> dict[str, Any]:
    async with database.read_sessionmaker() as session:
        grouped = await session.execute(
            select(_OUTBOX.c.state, func.count()).group_by(_OUTBOX.c.state)
        )
        counts: dict[str, int] = {state: count for state, count in grouped.all()}
        dead = (
            await session.execute(
                select(_OUTBOX.c.id, _OUTBOX.c.type, _OUTBOX.c.attempts, _OUTBOX.c.last_error)
                .where(_OUTBOX.c.state == "dead")
                .order_by(_OUTBOX.c.time)
                .limit(dead_listed)
            )
        ).all()
        dead_letters = await session.scalar(select(func.count()).select_from(_DEAD))
    return {
        "outbox": {state: counts.get(state, 0) for state in ("pending", "published", "dead")},
        "dead_events": [
            {"id": str(row.id), "type": row.type, "attempts": row.attempts, "error": row.last_error}
            for row in dead
        ],
        "consumer_dead_letters": dead_letters or 0,
    }


async def redeliver_outbox(database: Database, event_ids: Sequence[str] = ()) -> int:
    """Dead outbox events (all, or those named) go back to pending with fresh attempts."""
    condition = _OUTBOX.c.state == "dead"
    if event_ids:
        condition = condition & _OUTBOX.c.id.in_([_as_uuid(value) for value in event_ids])
    async with database.sessionmaker() as session, session.begin():
        result = await session.execute(
            update(_OUTBOX)
            .where(condition)
            .values(state="pending", attempts=0, next_attempt_at=utcnow(), last_error=None)
        )
    return int(getattr(result, "rowcount", 0) or 0)


async def replay_dead_letters(database: Database, handlers: Handlers) -> dict[str, int]:
    """Apply each dead letter again through the inbox; the ones that apply are removed."""
    async with database.read_sessionmaker() as session:
        letters = (await session.execute(select(_DEAD).order_by(_DEAD.c.failed_at))).all()
    replayed = failed = 0
    for letter in letters:
        event = CloudEvent.model_validate(letter.envelope)
        try:
            await apply_event(database, handlers, event)
        except Exception:  # still failing: it stays a dead letter
            failed += 1
            continue
        async with database.sessionmaker() as session, session.begin():
            await session.execute(
                delete(_DEAD).where(_DEAD.c.id == letter.id, _DEAD.c.source == letter.source)
            )
        replayed += 1
    return {"replayed": replayed, "still_failing": failed}


def _as_uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)
