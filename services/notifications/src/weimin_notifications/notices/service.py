"""A person's inbox: their own notices only, read on any device (the read mark is kept
here, not on the device)."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_notifications.notices import repository
from weimin_notifications.notices.models import Notification
from weimin_notifications.notices.schemas import NotificationRead, ReadAll, UnreadCount


def _not_found() -> NotFound:
    return NotFound(
        "No such notification",
        detail_zh="没有这条通知",
        errors=[
            {"field": "notification_id", "reason": "no such notification", "code": "not-found"}
        ],
    )


async def list_inbox(
    session: AsyncSession, principal: Principal, page: PageParams, unread_only: bool
) -> Page[NotificationRead]:
    return await paginate(
        session,
        repository.inbox_of(principal.subject, unread_only),
        Notification.id,
        page,
        NotificationRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )


async def unread(session: AsyncSession, principal: Principal) -> UnreadCount:
    return UnreadCount(unread=await repository.unread_count(session, principal.subject))


async def own_notice(
    session: AsyncSession, principal: Principal, notice_id: uuid.UUID
) -> Notification:
    """One of the caller's notices; anybody else's is as absent as one that never was."""
    notice = await repository.mine(session, principal.subject, notice_id)
    if notice is None:
        raise _not_found()
    return notice


async def mark_read(
    session: AsyncSession, principal: Principal, notice_id: uuid.UUID, now: datetime
) -> NotificationRead:
    """Reading it again keeps the first time."""
    notice = await own_notice(session, principal, notice_id)
    if notice.read_at is None:
        notice.read_at = now
        await session.flush()
    return NotificationRead.model_validate(notice)


async def mark_all_read(session: AsyncSession, principal: Principal, now: datetime) -> ReadAll:
    return ReadAll(marked=await repository.mark_all_read(session, principal.subject, now))
