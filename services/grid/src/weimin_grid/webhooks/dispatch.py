"""Sending queued deliveries: the oldest undelivered event of each incident first, signed,
retried with exponential backoff until `retry_until`, then held as a dead letter.

A round claims due deliveries with a lease (their next attempt pushed past the send's
timeout) in one short transaction, sends them outside any transaction, and records the
answers in another; several processes may run rounds at once (`SKIP LOCKED` on
PostgreSQL), and a process dying mid-send leaves the lease to run out and the delivery
to be sent again, which the partner de-duplicates by `webhook-id`.
"""

import asyncio
import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import aliased

from weimin_grid.webhooks import signing
from weimin_grid.webhooks.dead import record_dead_letter
from weimin_grid.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from weimin_kit.db import Database
from weimin_kit.pii.crypto import FieldCipher
from weimin_kit.types import utcnow


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    retry_hours: float = 72.0
    timeout_seconds: float = 5.0
    backoff_base_seconds: float = 5.0
    backoff_cap_seconds: float = 3600.0
    batch: int = 100

    def backoff(self, attempts: int) -> timedelta:
        seconds = self.backoff_base_seconds * 2 ** max(attempts - 1, 0)
        return timedelta(seconds=min(seconds, self.backoff_cap_seconds))


@dataclass(frozen=True, slots=True)
class _Send:
    delivery_id: uuid.UUID
    url: str
    body: str
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class _Answer:
    delivery_id: uuid.UUID
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _live_secrets(
    cipher: FieldCipher, subscription: WebhookSubscription, now: datetime
) -> list[str]:
    return [
        signing.open_secret(cipher, entry["cipher"])
        for entry in subscription.secrets
        if entry.get("until") is None or datetime.fromisoformat(entry["until"]) > now
    ]


async def _claim(
    database: Database, cipher: FieldCipher, now: datetime, policy: RetryPolicy
) -> list[_Send]:
    earlier = aliased(WebhookDelivery)
    is_head = ~exists().where(
        and_(
            earlier.subscription_id == WebhookDelivery.subscription_id,
            earlier.incident_id == WebhookDelivery.incident_id,
            earlier.state == "pending",
            earlier.sequence < WebhookDelivery.sequence,
        )
    )
    statement = (
        select(WebhookDelivery, WebhookSubscription)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .where(
            WebhookDelivery.state == "pending",
            WebhookDelivery.next_attempt_at <= now,
            WebhookSubscription.disabled_at.is_(None),
            is_head,
        )
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(policy.batch)
        .with_for_update(skip_locked=True, of=WebhookDelivery)
    )
    lease = timedelta(seconds=policy.timeout_seconds * 2 + 5)
    sends = []
    secrets_of: dict[uuid.UUID, list[str]] = {}
    async with database.sessionmaker() as session, session.begin():
        for delivery, subscription in (await session.execute(statement)).all():
            delivery.next_attempt_at = now + lease
            if delivery.retry_until is None:
                delivery.retry_until = now + timedelta(hours=policy.retry_hours)
            delivery.attempts += 1
            body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"))
            if subscription.id not in secrets_of:
                secrets_of[subscription.id] = _live_secrets(cipher, subscription, now)
            secrets = secrets_of[subscription.id]
            # The signature's time is the wall clock's, when the bytes leave: a partner
            # checks it against its own clock (Standard Webhooks allows five minutes).
            headers = signing.headers(delivery.webhook_id, utcnow(), body, secrets)
            sends.append(_Send(delivery.id, subscription.url, body, headers))
    return sends


async def _send(client: httpx.AsyncClient, send: _Send, seconds: float) -> _Answer:
    started = time.perf_counter()
    try:
        response = await client.post(
            send.url, content=send.body.encode(), headers=send.headers, timeout=seconds
        )
        status, error = response.status_code, None
        if not 200 <= status < 300:
            error = f"answered {status}"
    except httpx.HTTPError as exc:
        status, error = None, f"{type(exc).__name__}: {exc}"[:300]
    return _Answer(send.delivery_id, status, error, int((time.perf_counter() - started) * 1000))


async def _record(
    database: Database, answers: list[_Answer], now: datetime, policy: RetryPolicy
) -> None:
    async with database.sessionmaker() as session, session.begin():
        ids = [answer.delivery_id for answer in answers]
        rows = await session.execute(
            select(WebhookDelivery, WebhookSubscription.client_id)
            .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
            .where(WebhookDelivery.id.in_(ids))
        )
        deliveries = {delivery.id: (delivery, client_id) for delivery, client_id in rows.all()}
        for answer in answers:
            session.add(
                WebhookAttempt(
                    delivery_id=answer.delivery_id,
                    at=now,
                    status_code=answer.status_code,
                    error=answer.error,
                    duration_ms=answer.duration_ms,
                )
            )
            found = deliveries.get(answer.delivery_id)
            if found is None:
                continue
            delivery, client_id = found
            if answer.delivered:
                delivery.state = "delivered"
                delivery.delivered_at = now
                delivery.last_error = None
            elif delivery.state != "pending":
                continue  # cancelled while it was being sent: the attempt is logged, no retry
            elif delivery.retry_until is None or now >= delivery.retry_until:
                delivery.state = "dead"
                delivery.last_error = answer.error
                await record_dead_letter(session, delivery, client_id)
            else:
                delivery.next_attempt_at = now + policy.backoff(delivery.attempts)
                delivery.last_error = answer.error


async def dispatch_once(
    database: Database,
    cipher: FieldCipher,
    client: httpx.AsyncClient,
    now: datetime,
    policy: RetryPolicy,
) -> int:
    """One round: claim what is due, send it, record the answers. Returns how many were
    sent (0: nothing was due)."""
    sends = await _claim(database, cipher, now, policy)
    if not sends:
        return 0
    answers = await asyncio.gather(*(_send(client, send, policy.timeout_seconds) for send in sends))
    await _record(database, list(answers), now, policy)
    return len(sends)
