"""Recording this service's events (each a `weimin_events.payloads` model, which names its
type) in the change's transaction through the kit's outbox. Data carries ids and numbers
only."""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import Payload
from weimin_kit.outbox import record_event
from weimin_volunteers.registry.models import Volunteer

SOURCE = "/weimin/volunteers"


async def record(session: AsyncSession, subject: uuid.UUID, payload: Payload) -> None:
    await record_event(session, source=SOURCE, subject=str(subject), payload=payload)


async def account_of(session: AsyncSession, volunteer_id: uuid.UUID) -> uuid.UUID | None:
    """The volunteer's login account: notifications addresses accounts, not volunteers."""
    found: uuid.UUID | None = await session.scalar(
        select(Volunteer.account_id).where(Volunteer.id == volunteer_id)
    )
    return found
