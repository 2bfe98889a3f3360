"""From a decision to rows: one notification per recipient (the inbox's, delivered as it
is written) and one queued delivery per channel the person can be reached on and wants,
held back until the end of their quiet hours unless it is an alarm (or would then be too
late to be of use). The dispatcher sends the deliveries; this only writes them, in the
transaction of the event that caused them.
"""

from collections.abc import Collection, Sequence
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

ROBOT_LANGUAGE: Language = "zh-CN"
#: Set in a session's `info` when it queued deliveries.
DELIVERIES_QUEUED = "weimin_notifications.deliveries_queued"  # work groups of Chinese offices
#: Values per `IN (…)`: well under SQLite's and asyncpg's limits on bound parameters.
_CHUNK = 500

_Key = tuple[str, str, str]


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


async def _already_told(session: AsyncSession, decisions: Sequence[Decision]) -> set[_Key]:
    """The (event, recipient, kind) already written, for every decision of a batch at once."""
    told: set[_Key] = set()
    events = list({d.event_id for d in decisions})
    for start in range(0, len(events), _CHUNK):
        rows = await session.execute(
            select(Notification.event_id, Notification.recipient, Notification.kind).where(
                Notification.event_id.in_(events[start : start + _CHUNK])
            )
        )
        told.update((row[0], row[1], row[2]) for row in rows)
    return told


async def _choices(session: AsyncSession, subjects: Sequence[str]) -> dict[str, Choices]:
    found: dict[str, Choices] = {}
    for start in range(0, len(subjects), _CHUNK):
        rows = await session.scalars(
            select(Preference).where(Preference.subject.in_(subjects[start : start + _CHUNK]))
        )
        for row in rows:
            found[row.subject] = Choices(row.language, row.channels, row.quiet_start, row.quiet_end)
    return found


async def _contacts(session: AsyncSession, subjects: Sequence[str]) -> list[ContactPoint]:
    found: list[ContactPoint] = []
    for start in range(0, len(subjects), _CHUNK):
        rows = await session.scalars(
            select(ContactPoint)
            .where(ContactPoint.subject.in_(subjects[start : start + _CHUNK]))
            .order_by(ContactPoint.id)
        )
        found.extend(rows)
    return found


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


def _held(decision: Decision, choices: Choices, now: datetime) -> datetime:
    if decision.urgent:
        return now
    until = quiet_until(now, choices.quiet_start, choices.quiet_end)
    if until is None or (decision.useless_after is not None and until > decision.useless_after):
        # Held past its use (an offer's deadline, a shift's start), a notice is worth
        # nothing: it goes now, quiet hours or not.
        return now
    return until


async def tell(
    session: AsyncSession, decision: Decision, available: Collection[str], now: datetime
) -> Told:
    """Write the decision's notices and deliveries, skipping recipients this event already
    told (a replayed event writes nothing). `available`: the channels this deployment has
    configured; a person's contact on any other is left alone."""
    return await tell_all(session, [decision], available, now)


async def tell_all(
    session: AsyncSession, decisions: Sequence[Decision], available: Collection[str], now: datetime
) -> Told:
    """`tell` for many decisions in one go: a handful of queries and two bulk inserts
    however many there are (reminders fire thousands at a time)."""
    told = await _already_told(session, decisions)
    wanted: list[tuple[Decision, str]] = []
    for decision in decisions:
        for subject in dict.fromkeys(decision.recipients):
            key = (decision.event_id, subject, decision.kind)
            if key not in told:
                told.add(key)  # the same key twice in one batch is told once
                wanted.append((decision, subject))
    people = list(dict.fromkeys(subject for _, subject in wanted))
    choices = await _choices(session, people)
    by_person: dict[str, list[ContactPoint]] = {}
    for contact in await _contacts(session, people):
        by_person.setdefault(contact.subject, []).append(contact)
    notices: list[Notification] = []
    deliveries: list[Delivery] = []
    for decision, subject in wanted:
        mine = choices.get(subject, DEFAULTS)
        notice = _notice(decision, subject, _language(mine.language), now)
        notices.append(notice)
        held = _held(decision, mine, now)
        for contact in by_person.get(subject, []):
            if contact.channel in available and _wants(mine, contact.channel, decision.urgent):
                deliveries.append(_delivery(notice, contact.channel, f"contact:{contact.id}", held))
    for decision in decisions:
        for robot in await _robots(session, decision):
            recipient = f"robot:{robot.id}"
            key = (decision.event_id, recipient, decision.kind)
            if key in told or robot.channel not in available:
                continue
            told.add(key)
            notice = _notice(decision, recipient, ROBOT_LANGUAGE, now)
            notices.append(notice)
            deliveries.append(_delivery(notice, robot.channel, recipient, now))
    # Notices first: the unit of work does not order rows by a foreign key alone.
    session.add_all(notices)
    await session.flush()
    session.add_all(deliveries)
    await session.flush()
    if deliveries:
        # The dispatcher wakes when this transaction commits (background.py), not at its
        # next poll: an alarm should not wait for it.
        session.info[DELIVERIES_QUEUED] = True
    return Told(notifications=len(notices), deliveries=len(deliveries))
