"""The consuming side: each event id is applied once.

The inbox row and the handler's effect are written in one transaction. A repeated delivery
finds the row and does nothing; two concurrent deliveries of one event race on the inbox
primary key and the loser rolls back its effect with it. Handlers that may see events of
one thing out of order (an offer after its completion) check the state they change.

Handlers are keyed by the type their payload model names (`handlers_of`). An event that can
never apply (its `data` does not validate against that model) is refused: kept in the
consumer's dead letters at once, and logged with its id and type only, as its data may
hold what should not reach a log.
"""

import asyncio
import logging
import zlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import MetaData, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.db import Database
from weimin_kit.events.envelope import CloudEvent, event_type_of
from weimin_kit.tables import dead_letter_table, inbox_table
from weimin_kit.types import utcnow

_INBOX = inbox_table(MetaData())
_DEAD = dead_letter_table(MetaData())

Outcome = Literal["applied", "duplicate", "ignored"]
#: Runs of a batch applied at once (each holds a database connection).
LANES = 4
Payload = TypeVar("Payload", bound=BaseModel)

log = logging.getLogger("weimin.events")


class PoisonEvent(ValueError):
    """The event can never be applied (its data does not match its type's schema, or it
    names something that cannot exist). Retrying is pointless; it goes to dead letters."""


class InvalidPayload(PoisonEvent):
    """The event's `data` does not validate against its type's model: dead-lettered at the
    first delivery (a constraint the effect breaks may still be a race, and is retried)."""


@dataclass(frozen=True)
class Handler(Generic[Payload]):
    """Applies one event type: `apply(session, payload, event)` inside the inbox transaction."""

    payload: type[Payload]
    apply: Callable[[AsyncSession, Payload, CloudEvent], Awaitable[None]]

    @property
    def event_type(self) -> str:
        return event_type_of(self.payload)

    async def __call__(self, session: AsyncSession, event: CloudEvent) -> None:
        try:
            payload = self.payload.model_validate(event.data)
        except ValidationError as exc:
            # Where and what, never the offending value (pydantic's error carries it).
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "data"
            raise InvalidPayload(
                f"data does not match {event.type}: {where}: {first['msg']}"
            ) from None
        await self.apply(session, payload, event)


Handlers = Mapping[str, Handler[Any]]


def handlers_of(*handlers: Handler[Any]) -> dict[str, Handler[Any]]:
    """A service's handler map, keyed by the type each handler's payload model names."""
    found: dict[str, Handler[Any]] = {}
    for handler in handlers:
        if handler.event_type in found:
            raise ValueError(f"two handlers for {handler.event_type}")
        found[handler.event_type] = handler
    return found


async def apply_event(database: Database, handlers: Handlers, event: CloudEvent) -> Outcome:
    """Apply one event; one whose data does not validate is dead-lettered here and raised
    (`InvalidPayload`) for the transport to refuse it."""
    handler = handlers.get(event.type)
    if handler is None:
        return "ignored"
    try:
        try:
            async with database.sessionmaker() as session, session.begin():
                await _record_and_apply(session, handler, event)
        except IntegrityError as exc:
            if await was_applied(database, event):
                return "duplicate"  # applied before, or by a concurrent delivery
            raise PoisonEvent(f"the effect breaks a constraint: {exc.orig}") from exc
    except InvalidPayload as exc:
        await refuse(database, event, exc)
        raise
    return "applied"


async def refuse(database: Database, event: CloudEvent, error: InvalidPayload) -> None:
    """Keep an event whose data does not validate among the dead letters (once, however
    often it comes) and say so in the log by id and type: not its data, which may hold
    personal details."""
    log.warning(
        "event %s (%s) from %s refused and dead-lettered: its data does not validate",
        event.id,
        event.type,
        event.source,
    )
    await record_dead_letter(database, event, f"InvalidPayload: {error}", attempts=1)


async def apply_events(
    database: Database, handlers: Handlers, events: Sequence[CloudEvent]
) -> list[Outcome | Exception]:
    """A run of events in order: all in one transaction (one commit for the run, the
    usual case), or, when any of them fails there (a repeat, a poison event, a passing
    failure), each in its own, so that one event's trouble is only its own."""
    wanted = [event for event in events if event.type in handlers]
    if len(wanted) > 1:
        try:
            async with database.sessionmaker() as session, session.begin():
                for event in wanted:
                    await _record_and_apply(session, handlers[event.type], event)
        except Exception:  # noqa: S110 (found again, and reported, one event at a time below)
            pass
        else:
            return ["applied" if event.type in handlers else "ignored" for event in events]
    outcomes: list[Outcome | Exception] = []
    for event in events:
        try:
            outcomes.append(await apply_event(database, handlers, event))
        except Exception as exc:  # the caller retries or dead-letters this one event
            outcomes.append(exc)
    return outcomes


async def apply_in_lanes(
    database: Database, handlers: Handlers, events: Sequence[CloudEvent], lanes: int = LANES
) -> list[Outcome | Exception]:
    """`apply_events` on `lanes` runs at once, each subject always in the same lane (so in
    order): an event waits mostly on database round trips, which lanes overlap."""
    by_lane: dict[int, list[int]] = {}
    for position, event in enumerate(events):
        lane = zlib.crc32((event.subject or "").encode()) % lanes
        by_lane.setdefault(lane, []).append(position)
    outcomes: list[Outcome | Exception] = ["ignored"] * len(events)

    async def run(positions: list[int]) -> None:
        applied = await apply_events(database, handlers, [events[p] for p in positions])
        for position, outcome in zip(positions, applied, strict=True):
            outcomes[position] = outcome

    await asyncio.gather(*(run(positions) for positions in by_lane.values()))
    return outcomes


async def _record_and_apply(
    session: AsyncSession, handler: Handler[Any], event: CloudEvent
) -> None:
    # The inbox row first, without looking: a repeat breaks its primary key at once, and
    # the usual, new event is spared a query.
    await session.execute(
        insert(_INBOX).values(
            id=event.id, source=event.source, type=event.type, processed_at=utcnow()
        )
    )
    await handler(session, event)


async def was_applied(database: Database, event: CloudEvent) -> bool:
    async with database.read_sessionmaker() as session:
        found = await session.scalar(
            select(_INBOX.c.id).where(_INBOX.c.id == event.id, _INBOX.c.source == event.source)
        )
        return found is not None


async def record_dead_letter(
    database: Database, event: CloudEvent, error: str, attempts: int
) -> None:
    """Keep an event that failed every attempt, for an operator to inspect and redeliver."""
    async with database.sessionmaker() as session, session.begin():
        exists = await session.scalar(
            select(_DEAD.c.id).where(_DEAD.c.id == event.id, _DEAD.c.source == event.source)
        )
        if exists is None:
            await session.execute(
                insert(_DEAD).values(
                    id=event.id,
                    source=event.source,
                    type=event.type,
                    envelope=event.model_dump(mode="json", exclude_none=True),
                    error=error[:2000],
                    attempts=attempts,
                    failed_at=utcnow(),
                )
            )
