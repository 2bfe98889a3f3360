"""The outbox relay: publishes committed events, at least once, in order per subject.

Claiming takes a lease: the rows are marked `leased_until` in a short transaction (on
PostgreSQL `FOR UPDATE SKIP LOCKED`, so several relays share the work; on SQLite write
transactions are serialised anyway), published outside any transaction, then marked
published. A relay that dies mid-publish leaves leases that expire, and another (or the
restarted) relay publishes those events again — consumers' inboxes absorb the repeat.

Order per subject: only the oldest pending event of a subject is ever claimed, so a
subject's later events wait while an earlier one is leased or backing off.
"""

import asyncio
import contextlib
import logging
import os
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import MetaData, and_, delete, exists, func, or_, select, update
from sqlalchemy.engine import Row

from weimin_kit.db import Database
from weimin_kit.events.envelope import event_from_row
from weimin_kit.events.metrics import EventMetrics
from weimin_kit.events.transport import Transport, failure_text
from weimin_kit.tables import outbox_table
from weimin_kit.types import utcnow

log = logging.getLogger("weimin.events.relay")
PRUNE_EVERY_SECONDS = 3600.0
_OUTBOX = outbox_table(MetaData())


@dataclass(frozen=True)
class RelayPolicy:
    batch_size: int = 100
    max_attempts: int = 60
    backoff_base_seconds: float = 0.5
    backoff_cap_seconds: float = 10.0
    lease_seconds: float = 30.0
    poll_seconds: float = 0.1
    #: The pause after a pass that found less than a full batch (see run_forever).
    linger_seconds: float = 0.0
    #: Published events are kept this long (for inspection and replay), then deleted.
    keep_published_days: float = 7.0

    def backoff(self, attempts: int) -> timedelta:
        """Exponential backoff with jitter: a random point in the upper half of the step,
        so that many failed events do not all come back at the same instant."""
        step = min(self.backoff_cap_seconds, self.backoff_base_seconds * 2 ** (attempts - 1))
        return timedelta(seconds=random.uniform(step / 2, step))  # noqa: S311 (jitter, not a secret)


class OutboxRelay:
    def __init__(
        self,
        database: Database,
        transport: Transport,
        policy: RelayPolicy,
        metrics: EventMetrics | None = None,
        owner: str | None = None,
    ) -> None:
        self.database = database
        self.transport = transport
        self.policy = policy
        self.metrics = metrics
        self.owner = owner or f"{os.uname().nodename}:{os.getpid()}:{id(self):x}"[:64]

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Publish until `stop` is set; wait `poll_seconds` when there was nothing, and
        `linger_seconds` after a part batch: at a steady trickle each pass would otherwise
        claim, publish and mark one event, three transactions for each."""
        next_prune = 0.0
        while not stop.is_set():
            try:
                published = await self.run_once()
                if published == 0:
                    await self.observe()
                if time.monotonic() >= next_prune:
                    await self.prune()
                    next_prune = time.monotonic() + PRUNE_EVERY_SECONDS
            except Exception:  # a database blip must not end the relay; log and go on
                log.exception("outbox relay pass failed")
                published = 0
            if published == 0:
                pause = self.policy.poll_seconds
            elif published < self.policy.batch_size:
                pause = self.policy.linger_seconds
            else:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=pause)

    async def run_once(self) -> int:
        """Claim a batch, publish it concurrently (one event per subject), record results.
        Returns how many events were handled (published or failed)."""
        rows = await self._claim()
        if not rows:
            return 0
        outcomes = await self._publish(rows)
        published = [row for row, error in zip(rows, outcomes, strict=True) if error is None]
        await self._mark_published(published)
        for row, error in zip(rows, outcomes, strict=True):
            if error is not None:
                await self._mark_failed(row, error)
        return len(rows)

    async def _claim(self) -> Sequence[Row[Any]]:
        now = utcnow()
        outbox, earlier = _OUTBOX, _OUTBOX.alias("earlier")
        earlier_pending = exists().where(
            earlier.c.subject == outbox.c.subject,
            earlier.c.state == "pending",
            or_(
                earlier.c.time < outbox.c.time,
                and_(earlier.c.time == outbox.c.time, earlier.c.id < outbox.c.id),
            ),
        )
        query = (
            select(outbox)
            .where(
                outbox.c.state == "pending",
                or_(outbox.c.next_attempt_at.is_(None), outbox.c.next_attempt_at <= now),
                or_(outbox.c.leased_until.is_(None), outbox.c.leased_until < now),
                ~earlier_pending,
            )
            .order_by(outbox.c.time, outbox.c.id)
            .limit(self.policy.batch_size)
            .with_for_update(skip_locked=True, of=outbox)
        )
        async with self.database.sessionmaker() as session, session.begin():
            rows = (await session.execute(query)).all()
            if rows:
                await session.execute(
                    update(outbox)
                    .where(outbox.c.id.in_([row.id for row in rows]))
                    .values(
                        leased_until=now + timedelta(seconds=self.policy.lease_seconds),
                        lease_owner=self.owner,
                    )
                )
        return rows

    async def _publish(self, rows: Sequence[Row[Any]]) -> list[str | None]:
        """Each row's failure, or None when published."""
        try:
            return await self.transport.publish_batch([event_from_row(row) for row in rows])
        except Exception as exc:  # every failure is retried; the reason is kept on the rows
            return [failure_text(exc)] * len(rows)

    async def _mark_published(self, rows: Sequence[Row[Any]]) -> None:
        if not rows:
            return
        now = utcnow()
        async with self.database.sessionmaker() as session, session.begin():
            await session.execute(
                update(_OUTBOX)
                .where(_OUTBOX.c.id.in_([row.id for row in rows]))
                .values(
                    state="published",
                    published_at=now,
                    attempts=_OUTBOX.c.attempts + 1,
                    leased_until=None,
                    lease_owner=None,
                    last_error=None,
                )
            )
        if self.metrics is not None:
            for row in rows:
                self.metrics.published.labels(row.type).inc()
                self.metrics.publish_seconds.observe(max(0.0, _seconds_since(row.time, now)))

    async def _mark_failed(self, row: Row[Any], error: str) -> None:
        attempts = row.attempts + 1
        dead = attempts >= self.policy.max_attempts
        values: dict[str, Any] = {
            "attempts": attempts,
            "last_error": error,
            "leased_until": None,
            "lease_owner": None,
        }
        if dead:
            values["state"] = "dead"
        else:
            values["next_attempt_at"] = utcnow() + self.policy.backoff(attempts)
        async with self.database.sessionmaker() as session, session.begin():
            await session.execute(update(_OUTBOX).where(_OUTBOX.c.id == row.id).values(**values))
        if dead:
            log.error(
                "event %s (%s) is dead after %d attempts: %s", row.id, row.type, attempts, error
            )
        else:
            log.warning("event %s (%s) attempt %d failed: %s", row.id, row.type, attempts, error)
        if self.metrics is not None:
            if dead:
                self.metrics.dead.labels(row.type, "outbox").inc()
            else:
                self.metrics.retries.labels(row.type).inc()

    async def prune(self) -> int:
        """Delete published events older than the retention; dead ones stay until redelivered."""
        cutoff = utcnow() - timedelta(days=self.policy.keep_published_days)
        async with self.database.sessionmaker() as session, session.begin():
            old = (_OUTBOX.c.state == "published") & (_OUTBOX.c.published_at < cutoff)
            result = await session.execute(delete(_OUTBOX).where(old))
        return int(getattr(result, "rowcount", 0) or 0)

    async def observe(self) -> None:
        """Refresh the pending, lag and dead gauges."""
        if self.metrics is None:
            return
        async with self.database.read_sessionmaker() as session:
            pending, oldest = (
                await session.execute(
                    select(func.count(), func.min(_OUTBOX.c.time)).where(
                        _OUTBOX.c.state == "pending"
                    )
                )
            ).one()
            dead = await session.scalar(
                select(func.count()).select_from(_OUTBOX).where(_OUTBOX.c.state == "dead")
            )
        self.metrics.pending.set(pending)
        self.metrics.lag.set(_seconds_since(oldest, utcnow()) if oldest is not None else 0.0)
        self.metrics.dead_waiting.set(dead or 0)


def _seconds_since(moment: datetime, now: datetime) -> float:
    if moment.tzinfo is None:  # SQLite aggregates hand back naive (UTC) values
        moment = moment.replace(tzinfo=UTC)
    return (now - moment).total_seconds()
