"""Shared pieces of the event tests: a migrated sample database outside the rolled-back
test transaction (the relay commits), event recording, and outbox inspection."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy import MetaData, RowMapping, select

from sample.app import MIGRATIONS_DIR, NOTE_CREATED
from weimin_kit.db import Database
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.transport import DeliveryFailed, publish_each
from weimin_kit.outbox import record_event
from weimin_kit.tables import outbox_table
from weimin_kit.testing.live import migrated_database


async def fresh_database(label: str, directory: Path) -> AsyncIterator[Database]:
    async with migrated_database(label, directory, MIGRATIONS_DIR) as url:
        database = Database.from_url(url)
        try:
            yield database
        finally:
            await database.dispose()


class ProducedNote(BaseModel):
    """`note.created` as a producer may send it: any title, even one the consumer's model
    refuses (an empty one is the tests' poison)."""

    model_config = ConfigDict(extra="allow")
    event_type: ClassVar[str] = NOTE_CREATED

    title: str


async def record(database: Database, subject: str, title: str, **data: object) -> uuid.UUID:
    async with database.sessionmaker() as session, session.begin():
        return await record_event(
            session,
            source="/weimin/sample",
            subject=subject,
            payload=ProducedNote(title=title, **data),
        )


_OUTBOX = outbox_table(MetaData())


async def outbox_rows(database: Database) -> dict[uuid.UUID, RowMapping]:
    async with database.sessionmaker() as session:
        rows = await session.execute(select(_OUTBOX))
        return {row["id"]: row for row in rows.mappings()}


class RecordingTransport:
    """Stands in for the network in relay tests: keeps what it was given, or refuses the
    events `refuse` picks (the relay must not care which transport it drives)."""

    def __init__(self, refuse: Callable[[CloudEvent], bool] = lambda _e: False) -> None:
        self.delivered: list[CloudEvent] = []
        self.refuse = refuse
        self.delay = 0.0

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def publish(self, event: CloudEvent) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse(event):
            raise DeliveryFailed("refused for the test")
        self.delivered.append(event)

    async def publish_batch(self, events: Sequence[CloudEvent]) -> list[str | None]:
        return await publish_each(self, events)
