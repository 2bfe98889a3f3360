"""The dispatcher on a clock the test moves: quiet hours hold all but alarms until
morning; a failing provider is retried with growing waits, then recorded as failed; a
target the provider says is gone is dropped; the provider's pace is waited for without
counting an attempt."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import httpx
import pytest
from fastapi import FastAPI
from notice_world import FakeClock
from sqlalchemy import select

from weimin_kit.testing import TestKeys
from weimin_notifications.background import dispatch_round
from weimin_notifications.channels.base import (
    ChannelError,
    OutgoingMessage,
    RateLimited,
    Target,
    TargetGone,
)
from weimin_notifications.deliveries.models import Delivery
from weimin_notifications.pipeline.decision import Decision
from weimin_notifications.pipeline.plan import tell
from weimin_notifications.preferences.models import ContactPoint


@dataclass
class Provider:
    """An outside provider's answers, in order (a WeCom or DingTalk account we cannot reach
    from a test): None sends, an error is raised."""

    name: ClassVar[str] = "wecom"
    answers: list[ChannelError | None] = field(default_factory=list)
    sent: list[tuple[str, OutgoingMessage]] = field(default_factory=list)

    async def send(self, target: Target, message: OutgoingMessage) -> str | None:
        answer = self.answers.pop(0) if self.answers else None
        if answer is not None:
            raise answer
        self.sent.append((target.address, message))
        return f"msg-{len(self.sent)}"


@pytest.fixture
def provider(app: FastAPI) -> Iterator[Provider]:
    stand_in = Provider()
    real = app.state.channels
    app.state.channels = {**real, "wecom": stand_in}
    yield stand_in
    app.state.channels = real


async def reached_on_wecom(client: httpx.AsyncClient, test_keys: TestKeys) -> str:
    subject = str(uuid.uuid4())
    added = await client.post(
        "/v1/notification-contacts", json={"channel": "wecom", "address": "zhangsan"},
        headers=test_keys.headers(subject=subject),
    )  # fmt: skip
    assert added.status_code == 201, added.text
    return subject


async def decide(app: FastAPI, clock: FakeClock, subject: str, *, urgent: bool) -> None:
    decision = Decision(
        event_id=f"/weimin/test#{uuid.uuid4()}",
        kind="alarm.raised",
        recipients=[subject],
        variables={"alarm_kind": "fire", "ref": "12345678", "grid_ref": "87654321"},
        words={"alarm_kind": "alarm_kind"},
        urgent=urgent,
    )
    async with app.state.database.sessionmaker() as session:
        await tell(session, decision, app.state.channels, clock())
        await session.commit()


async def deliveries(app: FastAPI) -> list[Delivery]:
    async with app.state.database.sessionmaker() as session:
        return list(await session.scalars(select(Delivery).where(Delivery.channel == "wecom")))


def beijing(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, 6, hour, minute, tzinfo=UTC) - timedelta(hours=8)


async def test_quiet_hours_hold_what_is_not_an_alarm_until_morning(
    app: FastAPI,
    client: httpx.AsyncClient,
    test_keys: TestKeys,
    clock: FakeClock,
    provider: Provider,
) -> None:
    subject = await reached_on_wecom(client, test_keys)
    clock.now = beijing(22, 30)
    await decide(app, clock, subject, urgent=False)
    await decide(app, clock, subject, urgent=True)

    await dispatch_round(app)
    assert len(provider.sent) == 1  # the alarm, at once
    assert provider.sent[0][1].urgent is True
    held = [d for d in await deliveries(app) if d.state == "queued"]
    assert [d.next_attempt_at for d in held] == [beijing(8, 30) + timedelta(days=1)]

    clock.now = beijing(8, 29) + timedelta(days=1)
    await dispatch_round(app)
    assert len(provider.sent) == 1
    clock.now = beijing(8, 31) + timedelta(days=1)
    await dispatch_round(app)
    assert len(provider.sent) == 2


async def test_a_failing_provider_is_retried_with_growing_waits_then_recorded_failed(
    app: FastAPI,
    client: httpx.AsyncClient,
    test_keys: TestKeys,
    clock: FakeClock,
    provider: Provider,
) -> None:
    subject = await reached_on_wecom(client, test_keys)
    await decide(app, clock, subject, urgent=True)
    provider.answers = [ChannelError("wecom: errcode -1")] * 10
    settings = app.state.settings
    waits = []
    for _ in range(settings.delivery_max_attempts):
        await dispatch_round(app)
        [delivery] = await deliveries(app)
        if delivery.state == "failed":
            break
        waits.append((delivery.next_attempt_at - clock()).total_seconds())
        clock.now = delivery.next_attempt_at
    assert waits == [
        min(settings.delivery_backoff_cap_seconds, settings.delivery_backoff_base_seconds * 2**n)
        for n in range(settings.delivery_max_attempts - 1)
    ]
    assert delivery.state == "failed"
    assert delivery.attempts == settings.delivery_max_attempts
    assert delivery.last_error == "wecom: errcode -1"
    assert provider.sent == []


async def test_the_providers_pace_is_waited_for_without_counting_an_attempt(
    app: FastAPI,
    client: httpx.AsyncClient,
    test_keys: TestKeys,
    clock: FakeClock,
    provider: Provider,
) -> None:
    subject = await reached_on_wecom(client, test_keys)
    await decide(app, clock, subject, urgent=True)
    provider.answers = [RateLimited("wecom: errcode 45009", retry_after=40)]
    await dispatch_round(app)
    [delivery] = await deliveries(app)
    assert (delivery.state, delivery.attempts) == ("queued", 0)
    assert delivery.next_attempt_at == clock() + timedelta(seconds=40)
    clock.advance(seconds=40)
    await dispatch_round(app)
    [delivery] = await deliveries(app)
    assert (delivery.state, delivery.attempts, delivery.provider_message_id) == ("sent", 1, "msg-1")


async def test_a_target_gone_is_dropped_and_not_tried_again(
    app: FastAPI,
    client: httpx.AsyncClient,
    test_keys: TestKeys,
    clock: FakeClock,
    provider: Provider,
) -> None:
    subject = await reached_on_wecom(client, test_keys)
    await decide(app, clock, subject, urgent=True)
    provider.answers = [TargetGone("wecom: errcode 60111")]
    await dispatch_round(app)
    [delivery] = await deliveries(app)
    assert (delivery.state, delivery.attempts) == ("failed", 1)
    async with app.state.database.sessionmaker() as session:
        left: Any = await session.scalar(
            select(ContactPoint).where(ContactPoint.subject == subject)
        )
    assert left is None
    await decide(app, clock, subject, urgent=True)
    assert len(await deliveries(app)) == 1  # no address, no delivery
