"""Transactional outbox: events are rows written in the same transaction as the change
that caused them, so a change is never committed without its event nor an event published
for a change that rolled back. A relay (separate) publishes pending rows at least once.

Rows hold the CloudEvents 1.0 attributes; `data` is the JSON payload.
"""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import MetaData, insert
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.bulk import insert_rows
from weimin_kit.events.envelope import event_type_of
from weimin_kit.ids import new_id
from weimin_kit.tables import outbox_table
from weimin_kit.types import utcnow

SPEC_VERSION = "1.0"
# For building statements only: each service's own metadata holds the copy its
# migrations create; both describe the same table.
_OUTBOX = outbox_table(MetaData())


def event_row(*, source: str, subject: str, payload: BaseModel) -> dict[str, Any]:
    """One outbox row: `payload` is the event's `data`, a model that names its type
    (`event_type`, versioned reverse-DNS style: `cn.weimin.wish.claimed.v1`); `source` names
    the producing service (`/weimin/wishes`), `subject` the thing it is about (its id)."""
    return {
        "id": new_id(),
        "specversion": SPEC_VERSION,
        "source": source,
        "type": event_type_of(type(payload)),
        "subject": subject,
        "time": utcnow(),
        "data": payload.model_dump(mode="json"),
        "state": "pending",
        "attempts": 0,
    }


async def record_event(
    session: AsyncSession,
    *,
    source: str,
    subject: str,
    payload: BaseModel,
) -> uuid.UUID:
    """Add an event to the request's transaction (see `event_row`): events with the same
    subject are published in the order they were recorded."""
    row = event_row(source=source, subject=subject, payload=payload)
    await session.execute(insert(_OUTBOX).values(**row))
    event_id: uuid.UUID = row["id"]
    return event_id


async def record_events(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
    """Many events (rows from `event_row`, in the order made) in one statement (COPY on
    PostgreSQL): a batch writing an event per record would otherwise flush the session and
    insert once per record (each `execute` autoflushes the ORM's pending objects first)."""
    if rows:
        await insert_rows(session, _OUTBOX, rows)
