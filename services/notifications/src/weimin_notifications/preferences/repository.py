import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_notifications.preferences.models import ContactPoint, Preference


async def preference_of(session: AsyncSession, subject: str) -> Preference | None:
    return await session.get(Preference, subject)


def contacts_of(subject: str) -> Select[ContactPoint]:
    return select(ContactPoint).where(ContactPoint.subject == subject).order_by(ContactPoint.id)


async def contact_with(
    session: AsyncSession, subject: str, channel: str, index: str
) -> ContactPoint | None:
    found: ContactPoint | None = await session.scalar(
        select(ContactPoint).where(
            ContactPoint.subject == subject,
            ContactPoint.channel == channel,
            ContactPoint.address_index == index,
        )
    )
    return found


async def contact(session: AsyncSession, contact_id: uuid.UUID) -> ContactPoint | None:
    return await session.get(ContactPoint, contact_id)
