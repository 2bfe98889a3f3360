"""The consuming side: each event id is applied once.

The inbox row and the handler's effect are written in one transaction. A repeated delivery
finds the row and does nothing; two concurrent deliveries of one event race on the inbox
primary key and the loser rolls back its effect with it. Handlers that may see events of
one thing out of order (an offer after its completion) check the state they change.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import MetaData, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.db import Database
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.tables import dead_letter_table, inbox_table
from weimin_kit.types import utcnow

_INBOX = inbox_table(MetaData())
_DEAD = dead_letter_table(MetaData())

Outcome = Literal["applied", "duplicate", "ignored"]
Payload = TypeVar("Payload", bound=BaseModel)


class PoisonEvent(ValueError):
    """The event can never be applied (its data does not match its type's schema, or it
    names something that cannot exist). Retrying is pointless; it goes to dead letters."""


@dataclass(frozen=True)
class Handler(Generic[Payload]):
    """Applies one event type: `apply(session, payload, event)` inside the inbox transaction."""

    payload: type[Payload]
    apply: Callable[[AsyncSession, Payload, CloudEvent], Awaitable[None]]

    async def __call__(self, session: AsyncSession, event: CloudEvent) -> None:
        try:
            payload = self.payload.model_validate(event.data)
        except ValidationError as exc:
            raise PoisonEvent(f"data does not match {event.type}: {exc.errors()[0]}") from exc
        await self.apply(session, payload, event)


Handlers = Mapping[str, Handler[Any]]


async def apply_event(database: Database, handlers: Handlers, event: CloudEvent) -> Outcome:
    handler = handlers.get(event.type)
    if handler is None:
        return "ignored"
    try:
        async with database.sessionmaker() as session, session.begin():
            seen = await session.scalar(
                select(_INBOX.c.id).where(_INBOX.c.id == event.id, _INBOX.c.source == event.source)
            )
            if seen is not None:
                return "duplicate"
            await session.execute(
                insert(_INBOX).values(
                    id=event.id, source=event.source, type=event.type, processed_at=utcnow()
                )
            )
            await handler(session, event)
    except IntegrityError as exc:
        if await was_applied(database, event):
            return "duplicate"  # a concurrent delivery of the same event won
        raise PoisonEvent(f"the effect breaks a constraint: {exc.orig}") from exc
    return "applied"


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
