"""Sends what is due, channel by channel, and records each answer.

A round claims due deliveries (SKIP LOCKED on PostgreSQL, so several dispatchers share the
work), pushes their due time past the round's timeout (a lease), commits, sends them all
at once — a slow or failing channel holds up nobody else's — then records every answer:
sent, retried with backoff, waiting for the provider's pace, or failed with its reason.
"""

import asyncio
import logging
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.db import Database
from weimin_notifications.channels.base import (
    Channel,
    ChannelError,
    OutgoingMessage,
    RateLimited,
    Target,
    TargetGone,
)
from weimin_notifications.deliveries.models import Delivery
from weimin_notifications.notices.models import Notification
from weimin_notifications.preferences.models import ContactPoint
from weimin_notifications.preferences.sealing import (
    CONTACT_ADDRESS,
    ROBOT_SIGNING,
    ROBOT_WEBHOOK,
    Sealer,
)
from weimin_notifications.robots.models import Robot

log = logging.getLogger("weimin.notifications.dispatch")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int
    base_seconds: float
    cap_seconds: float
    batch: int
    timeout_seconds: float = 15.0

    def backoff(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.cap_seconds, self.base_seconds * 2 ** (attempts - 1)))


@dataclass(frozen=True, slots=True)
class _Send:
    delivery_id: uuid.UUID
    channel: str
    target: Target | None
    message: OutgoingMessage


@dataclass(frozen=True, slots=True)
class _Answer:
    delivery_id: uuid.UUID
    message_id: str | None = None
    error: ChannelError | None = None


def _message(delivery: Delivery, notice: Notification) -> OutgoingMessage:
    return OutgoingMessage(
        delivery_id=delivery.id,
        kind=notice.kind,
        title=notice.title,
        body=notice.body,
        link=notice.link,
        urgent=notice.urgent,
        template=notice.kind,
        variables={key: str(value) for key, value in notice.data.get("variables", {}).items()},
        short=notice.short,
    )


async def _targets(
    session: AsyncSession, sealer: Sealer, keys: Collection[str]
) -> dict[str, Target]:
    """The deliveries' addresses, opened from their sealed rows, in two queries; a key whose
    row is gone (a contact removed, a robot deleted or turned off) is absent."""
    ids: dict[str, list[uuid.UUID]] = {"contact": [], "robot": []}
    for key in keys:
        kind, _, raw = key.partition(":")
        ids[kind].append(uuid.UUID(raw))
    found: dict[str, Target] = {}
    if ids["contact"]:
        for contact in await session.scalars(
            select(ContactPoint).where(ContactPoint.id.in_(ids["contact"]))
        ):
            address = sealer.open(contact.address_cipher, CONTACT_ADDRESS)
            found[f"contact:{contact.id}"] = Target(address)
    if ids["robot"]:
        for robot in await session.scalars(
            select(Robot).where(Robot.id.in_(ids["robot"]), Robot.enabled.is_(True))
        ):
            signing = robot.secret_cipher
            secret = None if signing is None else sealer.open(signing, ROBOT_SIGNING)
            webhook = sealer.open(robot.webhook_cipher, ROBOT_WEBHOOK)
            found[f"robot:{robot.id}"] = Target(webhook, secret)
    return found


async def _claim(
    database: Database, sealer: Sealer, now: datetime, policy: RetryPolicy
) -> list[_Send]:
    statement = (
        select(Delivery, Notification)
        .join(Notification, Notification.id == Delivery.notification_id)
        .where(Delivery.state == "queued", Delivery.next_attempt_at <= now)
        .order_by(Notification.urgent.desc(), Delivery.next_attempt_at)
        .limit(policy.batch)
        .with_for_update(skip_locked=True, of=Delivery)
    )
    lease = timedelta(seconds=policy.timeout_seconds * 2 + 5)
    sends = []
    async with database.sessionmaker() as session, session.begin():
        claimed = (await session.execute(statement)).all()
        targets = await _targets(session, sealer, {d.target_key for d, _ in claimed})
        for delivery, notice in claimed:
            delivery.next_attempt_at = now + lease
            target = targets.get(delivery.target_key)
            sends.append(_Send(delivery.id, delivery.channel, target, _message(delivery, notice)))
    return sends


async def _send(channels: Mapping[str, Channel], send: _Send, seconds: float) -> _Answer:
    channel = channels.get(send.channel)
    if channel is None:
        return _Answer(
            send.delivery_id, error=ChannelError("channel not configured", retryable=False)
        )
    if send.target is None:
        return _Answer(send.delivery_id, error=TargetGone("contact or robot removed"))
    try:
        async with asyncio.timeout(seconds):
            return _Answer(send.delivery_id, await channel.send(send.target, send.message))
    except ChannelError as error:
        return _Answer(send.delivery_id, error=error)
    except TimeoutError:
        return _Answer(send.delivery_id, error=ChannelError(f"no answer in {seconds:g} s"))
    except Exception as exc:  # a channel's bug must not stop the others' deliveries
        log.exception("channel %s failed unexpectedly", send.channel)
        return _Answer(send.delivery_id, error=ChannelError(type(exc).__name__))


def _apply(delivery: Delivery, answer: _Answer, now: datetime, policy: RetryPolicy) -> bool:
    """Record one answer; True when the target is gone for good (drop the contact)."""
    error = answer.error
    if error is None:
        delivery.state, delivery.sent_at = "sent", now
        delivery.provider_message_id = answer.message_id
        delivery.attempts += 1
        delivery.last_error = None
        return False
    delivery.last_error = error.reason[:300]
    if isinstance(error, RateLimited):
        delivery.next_attempt_at = now + timedelta(seconds=error.retry_after)
        return False
    delivery.attempts += 1
    if error.retryable and delivery.attempts < policy.max_attempts:
        delivery.next_attempt_at = now + policy.backoff(delivery.attempts)
        return False
    delivery.state, delivery.failed_at = "failed", now
    return isinstance(error, TargetGone)


async def _record(
    database: Database, answers: list[_Answer], now: datetime, policy: RetryPolicy
) -> None:
    async with database.sessionmaker() as session, session.begin():
        ids = [answer.delivery_id for answer in answers]
        deliveries = {
            d.id: d for d in await session.scalars(select(Delivery).where(Delivery.id.in_(ids)))
        }
        gone = []
        for answer in answers:
            delivery = deliveries.get(answer.delivery_id)
            if delivery is not None and _apply(delivery, answer, now, policy):
                gone.append(delivery.target_key)
        contacts = [uuid.UUID(key[len("contact:") :]) for key in gone if key.startswith("contact:")]
        if contacts:
            # A push subscription the browser dropped, a user who left the corporation:
            # later notices do not try them again.
            await session.execute(delete(ContactPoint).where(ContactPoint.id.in_(contacts)))


async def dispatch_once(
    database: Database,
    sealer: Sealer,
    channels: Mapping[str, Channel],
    now: datetime,
    policy: RetryPolicy,
) -> int:
    """One round: claim what is due, send it, record the answers. How many were due."""
    sends = await _claim(database, sealer, now, policy)
    if not sends:
        return 0
    answers = await asyncio.gather(
        *(_send(channels, send, policy.timeout_seconds) for send in sends)
    )
    await _record(database, list(answers), now, policy)
    return len(sends)
