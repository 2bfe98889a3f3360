"""Volunteers' events: a confirmed shift place schedules its reminders (the day and the
hour before it starts), a cancelled one cancels them; an offered task and confirmed hours
are told at once. Each reaches the volunteer's account; an event without one tells nobody.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import (
    HoursCredited,
    ShiftSignedUp,
    ShiftSignupCancelled,
    TaskOffered,
)
from weimin_kit.clock import now_of
from weimin_kit.events.envelope import CloudEvent
from weimin_notifications.pipeline.decision import Decision
from weimin_notifications.pipeline.plan import tell
from weimin_notifications.preferences.quiet import LOCAL
from weimin_notifications.reminders.schedule import Planned, cancel, schedule

#: (which, catalogue kind, how long before the shift starts)
REMINDERS = (
    ("day_before", "shift.reminder_day_before", timedelta(hours=24)),
    ("hour_before", "shift.reminder_hour_before", timedelta(hours=1)),
)


def local_time(moment: datetime) -> str:
    """A time as people here read it (Beijing time, `05-07 09:00`): digits only, the same
    in every language, so the catalogue's words stay the catalogue's."""
    return moment.astimezone(LOCAL).strftime("%m-%d %H:%M")


def ref(value: object) -> str:
    return str(value)[-8:]


def reminders_of(signed: ShiftSignedUp, event: CloudEvent) -> list[Planned]:
    if signed.account_id is None:
        return []
    return [
        Planned(
            key=f"{event.source}#{event.id}:{which}",
            topic=f"signup:{signed.signup_id}",
            recipient=str(signed.account_id),
            kind=kind,
            due_at=signed.starts_at - before,
            variables={
                "ref": ref(signed.activity_id),
                "starts": local_time(signed.starts_at),
                "ends": local_time(signed.ends_at),
            },
            link="/volunteer/activities",
            useless_after=signed.starts_at,
        )
        for which, kind, before in REMINDERS
    ]


def offer_decision(offer: TaskOffered, event: CloudEvent) -> Decision | None:
    # Without the deadline the catalogue's text cannot be filled: only a producer older
    # than these fields sends that, and its offers are told in the volunteers' own inbox.
    if offer.account_id is None or offer.expires_at is None:
        return None
    return Decision(
        event_id=f"{event.source}#{event.id}",
        kind="task.offered",
        recipients=[str(offer.account_id)],
        variables={"ref": ref(offer.task_id), "deadline": local_time(offer.expires_at)},
        link="/volunteer/tasks",
        data={"task_id": str(offer.task_id), "expires_at": offer.expires_at.isoformat()},
        useless_after=offer.expires_at,
    )


def hours_decision(credited: HoursCredited, event: CloudEvent) -> Decision | None:
    # A reversal (negative minutes) corrects the ledger; it is not news to be told.
    if credited.account_id is None or credited.minutes <= 0:
        return None
    return Decision(
        event_id=f"{event.source}#{event.id}",
        kind="hours.confirmed",
        recipients=[str(credited.account_id)],
        variables={"minutes": str(credited.minutes), "ref": ref(credited.entry_id)},
        link="/volunteer/profile",
        data={"entry_id": str(credited.entry_id)},
    )


def on_signed_up(
    app: FastAPI,
) -> Callable[[AsyncSession, ShiftSignedUp, CloudEvent], Awaitable[None]]:
    async def apply(session: AsyncSession, signed: ShiftSignedUp, event: CloudEvent) -> None:
        await schedule(session, reminders_of(signed, event), now_of(app))

    return apply


def on_signup_cancelled(
    app: FastAPI,
) -> Callable[[AsyncSession, ShiftSignupCancelled, CloudEvent], Awaitable[None]]:
    async def apply(
        session: AsyncSession, cancelled: ShiftSignupCancelled, event: CloudEvent
    ) -> None:
        await cancel(session, f"signup:{cancelled.signup_id}")

    return apply


def on_task_offered(
    app: FastAPI,
) -> Callable[[AsyncSession, TaskOffered, CloudEvent], Awaitable[None]]:
    async def apply(session: AsyncSession, offer: TaskOffered, event: CloudEvent) -> None:
        decision = offer_decision(offer, event)
        if decision is not None:
            await tell(session, decision, app.state.channels, now_of(app))

    return apply


def on_hours_credited(
    app: FastAPI,
) -> Callable[[AsyncSession, HoursCredited, CloudEvent], Awaitable[None]]:
    async def apply(session: AsyncSession, credited: HoursCredited, event: CloudEvent) -> None:
        decision = hours_decision(credited, event)
        if decision is not None:
            await tell(session, decision, app.state.channels, now_of(app))

    return apply
