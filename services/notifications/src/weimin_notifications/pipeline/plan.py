"""From a decision to rows: one notification per recipient (the inbox's, delivered as it
is written) and one queued delivery per channel the person can be reached on and wants,
held back until the end of their quiet hours unless it is an alarm. The dispatcher sends
the deliveries; this only writes them, in the transaction of the event that caused them.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.ids import new_id
from weimin_notifications.deliveries.models import Delivery
from weimin_notifications.messages import LANGUAGES, Language, render, word
from weimin_notifications.notices.models import Notification
from weimin_notifications.pipeline.decision import Decision
from weimin_notifications.preferences.defaults import DEFAULTS, Choices
from weimin_notifications.preferences.models import ContactPoint, Preference
from weimin_notifications.preferences.quiet import quiet_until
from weimin_notifications.robots.models import Robot

ROBOT_LANGUAGE: Language = "zh-CN"  # work groups of Chinese offices


@dataclass(frozen=True, slots=True)
class Told:
    notifications: int
    deliveries: int


def _language(value: str) -> Language:
    return next((language for language in LANGUAGES if language == value), "zh-CN")


def _filled(decision: Decision, language: Language) -> dict[str, str]:
    values = dict(decision.variables)
    for name, vocabulary in decision.words.items():
        values[name] = word(language, vocabulary, values[name])
    return values


async def _already_told(session: AsyncSession, decision: Decision) -> set[str]:
    rows = await session.scalars(
        select(Notification.recipient).where(
            Notification.event_id == decision.event_id, Notification.kind == decision.kind
        )
    )
    return set(rows)


async def _choices(session: AsyncSession, subjects: Collection[str]) -> dict[str, Choices]:
    rows = await session.scalars(select(Preference).where(Preference.subject.in_(subjects)))
    return {
        row.subject: Choices(row.language, row.channels, row.quiet_start, row.quiet_end)
        for row in rows
    }


async def _contacts(session: AsyncSession, subjects: Collection[str]) -> list[ContactPoint]:
    rows = await session.scalars(
        select(ContactPoint).where(ContactPoint.subject.in_(subjects)).order_by(ContactPoint.id)
    )
    return list(rows)


async def _robots(session: AsyncSession, decision: Decision) -> list[Robot]:
    if not decision.places:
        return []
    robots: list[Robot] = []
    for kind, place in decision.places:
        robots.extend(
            await session.scalars(
                select(Robot).where(
                    Robot.scope_kind == kind, Robot.scope_id == place, Robot.enabled.is_(True)
                )
            )
        )
    return robots


def _wants(choices: Choices, channel: str, urgent: bool) -> bool:
    if channel == "sms" and urgent:
        return True  # an alarm always goes by text too: it needs no data connection
    mode = choices.mode(channel)
    return mode == "all" or (mode == "urgent" and urgent)


def _notice(decision: Decision, recipient: str, language: Language, now: datetime) -> Notification:
    values = _filled(decision, language)
    text = render(decision.kind, language, values)
    return Notification(
        id=new_id(),
        recipient=recipient,
        kind=decision.kind,
        event_id=decision.event_id,
        language=language,
        title=text.title,
        body=text.body,
        short=text.sms,
        link=decision.link,
        urgent=decision.urgent,
        # The filled values go along: a provider's template (SMS, WeChat) takes them.
        data={**decision.data, "variables": values},
        created_at=now,
    )


def _delivery(notice: Notification, channel: str, target: str, due: datetime) -> Delivery:
    return Delivery(
        id=new_id(),
        notification_id=notice.id,
        channel=channel,
        target_key=target,
        state="queued",
        attempts=0,
        next_attempt_at=due,
        created_at=notice.created_at,
    )


async def tell(
    session: AsyncSession, decision: Decision, available: Collection[str], now: datetime
) -> Told:
    """Write the decision's notices and deliveries, skipping recipients this event already
    told (a replayed event writes nothing). `available`: the channels this deployment has
    configured; a person's contact on any other is left alone."""
    told = await _already_told(session, decision)
    people = [s for s in dict.fromkeys(decision.recipients) if s not in told]
    choices = await _choices(session, people)
    by_person: dict[str, list[ContactPoint]] = {}
    for contact in await _contacts(session, people):
        by_person.setdefault(contact.subject, []).append(contact)
    notices: list[Notification] = []
    deliveries: list[Delivery] = []
    for subject in people:
        mine = choices.get(subject, DEFAULTS)
        notice = _notice(decision, subject, _language(mine.language), now)
        notices.append(notice)
        held = now if decision.urgent else quiet_until(now, mine.quiet_start, mine.quiet_end) or now
        for contact in by_person.get(subject, []):
            if contact.channel in available and _wants(mine, contact.channel, decision.urgent):
                deliveries.append(_delivery(notice, contact.channel, f"contact:{contact.id}", held))
    for robot in await _robots(session, decision):
        recipient = f"robot:{robot.id}"
        if recipient in told or robot.channel not in available:
            continue
        notice = _notice(decision, recipient, ROBOT_LANGUAGE, now)
        notices.append(notice)
        deliveries.append(_delivery(notice, robot.channel, recipient, now))
    # Notices first: the unit of work does not order rows by a foreign key alone.
    session.add_all(notices)
    await session.flush()
    session.add_all(deliveries)
    await session.flush()
    return Told(notifications=len(notices), deliveries=len(deliveries))
