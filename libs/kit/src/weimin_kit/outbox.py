"""Transactional outbox: events are rows written in the same transaction as the change
that caused them, so a change is never committed without its event nor an event published
for a change that rolled back. A relay (separate) publishes pending rows at least once.

Rows hold the CloudEvents 1.0 attributes; `data` is the JSON payload.
"""

import uuid

from pydantic import BaseModel
from sqlalchemy import MetaData, insert
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.events.envelope import event_type_of
from weimin_kit.ids import new_id
from weimin_kit.tables import outbox_table
from weimin_kit.types import utcnow

SPEC_VERSION = "1.0"
# For building statements only: each service's own metadata holds the copy its
# migrations create; both describe the same table.
_OUTBOX = outbox_table(MetaData())


async def record_event(
    session: AsyncSession,
    *,
    source: str,
    subject: str,
    payload: BaseModel,
) -> uuid.UUID:
    """Add an event to the request's transaction.

    `payload` is the event's `data`, a model that names its type (`event_type`, versioned
    reverse-DNS style: `cn.weimin.wish.claimed.v1`); `source` names the producing service
    (`/weimin/wishes`), `subject` the thing it is about (its id): events with the same
    subject are published in the order they were recorded.
    """
    event_id = new_id()
    await session.execute(
        insert(_OUTBOX).values(
            id=event_id,
            specversion=SPEC_VERSION,
            source=source,
            type=event_type_of(type(payload)),
            subject=subject,
            time=utcnow(),
            data=payload.model_dump(mode="json"),
            state="pending",
            attempts=0,
        )
    )
    return event_id
