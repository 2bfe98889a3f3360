"""Notices told later: scheduled in the transaction of the event that decides them,
cancelled by the event that undoes them, fired through the pipeline when due.

Firing is done in batches, each in one transaction: the due rows are claimed (skipping rows
another scheduler holds, on PostgreSQL), told with `tell_all` (a few queries and two bulk
inserts for the whole batch) and marked fired together, so ten thousand reminders due at
once take seconds, not ten thousand transactions."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.db import Database
from weimin_notifications.pipeline.decision import Decision
from weimin_notifications.pipeline.plan import tell_all
from weimin_notifications.reminders.models import ScheduledNotice

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Planned:
    key: str
    topic: str
    recipient: str
    kind: str
    due_at: datetime
    variables: dict[str, str] = field(default_factory=dict)
    link: str | None = None
    useless_after: datetime | None = None


async def schedule(session: AsyncSession, planned: Sequence[Planned], now: datetime) -> int:
    """Adds the reminders not scheduled yet (by key) and still ahead; a replayed event finds
    its keys there and adds nothing. Returns how many were added."""
    ahead = [p for p in planned if p.due_at > now]
    if not ahead:
        return 0
    keys = [p.key for p in ahead]
    known: set[str] = set()
    for start in range(0, len(keys), _CHUNK):  # bound parameters are limited per statement
        known.update(
            await session.scalars(
                select(ScheduledNotice.key).where(
                    ScheduledNotice.key.in_(keys[start : start + _CHUNK])
                )
            )
        )
    fresh = [p for p in ahead if p.key not in known]
    session.add_all(
        ScheduledNotice(
            key=p.key,
            topic=p.topic,
            recipient=p.recipient,
            kind=p.kind,
            due_at=p.due_at,
            variables=p.variables,
            link=p.link,
            useless_after=p.useless_after,
            state="pending",
            created_at=now,
        )
        for p in fresh
    )
    await session.flush()
    return len(fresh)


async def cancel(session: AsyncSession, topic: str) -> int:
    """Cancels the topic's reminders not fired yet; fired ones stay as they were."""
    result = await session.execute(
        update(ScheduledNotice)
        .where(ScheduledNotice.topic == topic, ScheduledNotice.state == "pending")
        .values(state="cancelled")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _decision(row: ScheduledNotice) -> Decision:
    return Decision(
        # The reminder's own key: firing it again finds its notice and tells nobody twice.
        event_id=row.key,
        kind=row.kind,
        recipients=[row.recipient],
        variables=row.variables,
        link=row.link,
        useless_after=row.useless_after,
    )


async def fire_due(
    database: Database, available: Collection[str], now: datetime, batch: int
) -> int:
    """Fires up to `batch` due reminders in one transaction; returns how many."""
    async with database.sessionmaker() as session, session.begin():
        rows = list(
            await session.scalars(
                select(ScheduledNotice)
                .where(ScheduledNotice.state == "pending", ScheduledNotice.due_at <= now)
                .order_by(ScheduledNotice.due_at, ScheduledNotice.id)
                .limit(batch)
                .with_for_update(skip_locked=True)
            )
        )
        if not rows:
            return 0
        await tell_all(session, [_decision(row) for row in rows], available, now)
        await session.execute(
            update(ScheduledNotice)
            .where(ScheduledNotice.id.in_([row.id for row in rows]))
            .values(state="fired", fired_at=now)
        )
    return len(rows)
