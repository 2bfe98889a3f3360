"""Messages to everyone signed up, reminders before a shift, and a volunteer's inbox."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal, ensure_role
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_volunteers import notice_texts
from weimin_volunteers.activities import repository
from weimin_volunteers.activities.models import Notification, Signup
from weimin_volunteers.activities.planning import ensure_organiser, locate_activity
from weimin_volunteers.activities.schemas import NotificationRead
from weimin_volunteers.registry import service as registry
from weimin_volunteers.scope import MANAGING_ROLES, manager_covers


async def message_everyone(
    session: AsyncSession, principal: Principal, activity_id: uuid.UUID, text: str, now: datetime
) -> int:
    activity = await locate_activity(session, activity_id)
    await ensure_organiser(session, principal, activity)
    recipients = await repository.volunteers_signed_up(session, activity.id)
    return await repository.notify(
        session, recipients, kind="message", subject_id=activity.id, text=text, now=now
    )


async def send_reminders(
    session: AsyncSession, principal: Principal, within_hours: int, now: datetime
) -> int:
    """Remind each confirmed volunteer once about shifts starting within the window, for
    the activities the caller manages (a scheduler calls this as an admin)."""
    ensure_role(principal, *MANAGING_ROLES)
    sent = 0
    for signup, activity in await repository.due_reminders(
        session, now, now + timedelta(hours=within_hours)
    ):
        if not manager_covers(
            principal, street=activity.street_id, community=activity.community_id
        ):
            continue
        if not await repository.change_signup_if(
            session, signup.id, Signup.reminded_at.is_(None), {"reminded_at": now}
        ):
            continue
        sent += await repository.notify(
            session,
            [signup.volunteer_id],
            kind="reminder",
            subject_id=signup.shift_id,
            text=notice_texts.shift_reminder(activity.title, signup.starts_at),
            now=now,
        )
    return sent


async def my_notifications(
    session: AsyncSession, principal: Principal, page: PageParams
) -> Page[NotificationRead]:
    volunteer = await registry.my_volunteer(session, principal)
    return await paginate(
        session,
        repository.notifications_of(volunteer.id),
        Notification.id,
        page,
        NotificationRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
