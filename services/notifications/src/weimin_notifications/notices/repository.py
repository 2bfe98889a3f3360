import uuid
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_notifications.notices.models import Notification


def inbox_of(subject: str, unread_only: bool = False) -> Select[Notification]:
    statement = select(Notification).where(Notification.recipient == subject)
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    return statement


async def unread_count(session: AsyncSession, subject: str) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.recipient == subject, Notification.read_at.is_(None))
    )
    return count or 0


async def mine(session: AsyncSession, subject: str, notice_id: uuid.UUID) -> Notification | None:
    return cast(
        Notification | None,
        await session.scalar(inbox_of(subject).where(Notification.id == notice_id)),
    )


async def mark_all_read(session: AsyncSession, subject: str, now: datetime) -> int:
    result = cast(
        CursorResult[Any],
        await session.execute(
            update(Notification)
            .where(Notification.recipient == subject, Notification.read_at.is_(None))
            .values(read_at=now)
            .execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount
