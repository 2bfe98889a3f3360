import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, Select, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.ids import new_id
from weimin_volunteers.hours.models import HoursEntry, HoursTotal
from weimin_volunteers.registry.models import Volunteer


async def credit_key_used(session: AsyncSession, credit_key: str) -> HoursEntry | None:
    return await session.scalar(select(HoursEntry).where(HoursEntry.credit_key == credit_key))


async def volunteer_to_credit(
    session: AsyncSession, account_id: uuid.UUID, credit_key: str
) -> tuple[uuid.UUID, bool] | None:
    """The account's volunteer and whether `credit_key` is in the ledger already, in one
    query (a consumer asks both for every event it applies), or None for no volunteer."""
    row = (
        await session.execute(
            select(Volunteer.id, HoursEntry.id)
            .outerjoin(HoursEntry, HoursEntry.credit_key == credit_key)
            .where(Volunteer.account_id == account_id)
            .limit(1)
        )
    ).first()
    return None if row is None else (row[0], row[1] is not None)


async def append(
    session: AsyncSession,
    *,
    volunteer_id: uuid.UUID,
    minutes: int,
    kind: str,
    reason: str,
    recorded_by: str,
    now: datetime,
    signup_id: uuid.UUID | None = None,
    credit_key: str | None = None,
    reverses_entry_id: uuid.UUID | None = None,
    minutes_reported: bool = True,
) -> uuid.UUID:
    """Write a ledger line and move the running total in the same transaction."""
    entry_id = new_id()
    await session.execute(
        insert(HoursEntry).values(
            id=entry_id,
            volunteer_id=volunteer_id,
            minutes=minutes,
            kind=kind,
            signup_id=signup_id,
            credit_key=credit_key,
            reverses_entry_id=reverses_entry_id,
            minutes_reported=minutes_reported,
            reason=reason,
            recorded_by=recorded_by,
            created_at=now,
        )
    )
    moved: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(HoursTotal)
        .where(HoursTotal.volunteer_id == volunteer_id)
        .values(
            minutes=HoursTotal.minutes + minutes,
            entries=HoursTotal.entries + 1,
            updated_at=now,
        )
    )
    if moved.rowcount == 0:
        await session.execute(
            insert(HoursTotal).values(
                volunteer_id=volunteer_id, minutes=minutes, entries=1, updated_at=now
            )
        )
    return entry_id


async def total_minutes(session: AsyncSession, volunteer_id: uuid.UUID) -> int:
    value = await session.scalar(
        select(HoursTotal.minutes).where(HoursTotal.volunteer_id == volunteer_id)
    )
    return int(value or 0)


async def recount_minutes(session: AsyncSession, volunteer_id: uuid.UUID) -> int:
    value = await session.scalar(
        select(func.coalesce(func.sum(HoursEntry.minutes), 0)).where(
            HoursEntry.volunteer_id == volunteer_id
        )
    )
    return int(value or 0)


def entries_of(volunteer_id: uuid.UUID) -> Select[HoursEntry]:
    return select(HoursEntry).where(HoursEntry.volunteer_id == volunteer_id)


async def get_entry(session: AsyncSession, entry_id: uuid.UUID) -> HoursEntry | None:
    return await session.get(HoursEntry, entry_id)


async def reversal_of(session: AsyncSession, entry_id: uuid.UUID) -> uuid.UUID | None:
    return await session.scalar(
        select(HoursEntry.id).where(HoursEntry.reverses_entry_id == entry_id)
    )


async def latest_entries(
    session: AsyncSession, volunteer_id: uuid.UUID, limit: int
) -> Sequence[HoursEntry]:
    rows = await session.scalars(
        entries_of(volunteer_id).order_by(HoursEntry.id.desc()).limit(limit)
    )
    return rows.all()
