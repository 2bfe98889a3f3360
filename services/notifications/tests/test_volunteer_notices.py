"""An offered task and confirmed hours reach the volunteer's account: the offer with its
deadline, sent through quiet hours when holding it would outlast the deadline."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from fastapi import FastAPI
from notice_world import FakeClock, apply
from sqlalchemy import select
from test_alarm_pipeline import inbox
from test_reminders import texts_for_everything
from volunteer_events import hours_event, offer_event

from weimin_kit.testing import TestKeys
from weimin_notifications.deliveries.models import Delivery
from weimin_notifications.notices.models import Notification


async def held_until(app: FastAPI, recipient: str) -> datetime:
    async with app.state.database.sessionmaker() as session:
        due = await session.scalar(
            select(Delivery.next_attempt_at)
            .join(Notification, Notification.id == Delivery.notification_id)
            .where(Notification.recipient == recipient)
        )
    assert due is not None
    return due


async def test_an_offer_reaches_the_volunteer_with_its_deadline(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    account = str(uuid.uuid4())
    event = offer_event(account, clock() + timedelta(minutes=10))
    await apply(app, event)
    await apply(app, event)  # again: told once

    [notice] = await inbox(client, test_keys.headers(subject=account))
    assert notice["kind"] == "task.offered"
    assert notice["title"] == "有一项任务派给您"
    # 01:10 UTC is 09:10 in Beijing.
    assert "北京时间 05-06 09:10 前" in notice["body"]
    assert notice["link"] == "/volunteer/tasks"


async def test_an_offer_in_quiet_hours_goes_at_once_other_notices_wait_for_morning(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    clock.now = datetime(2026, 5, 6, 15, 0, tzinfo=UTC)  # 23:00 in Beijing: quiet
    offered, credited = str(uuid.uuid4()), str(uuid.uuid4())
    for account in (offered, credited):
        await texts_for_everything(client, test_keys.headers(subject=account))
    await apply(app, offer_event(offered, clock() + timedelta(minutes=10)))
    await apply(app, hours_event(credited, 90))

    # The offer lapses at 23:10; held until 08:30 it would be worth nothing.
    assert await held_until(app, offered) == clock()
    assert await held_until(app, credited) == datetime(2026, 5, 7, 0, 30, tzinfo=UTC)


async def test_confirmed_hours_are_told_and_a_reversal_is_not(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    account = str(uuid.uuid4())
    headers = test_keys.headers(subject=account)
    response = await client.put(
        "/v1/notification-preferences/me", json={"language": "en"}, headers=headers
    )
    assert response.status_code == 200, response.text

    await apply(app, hours_event(account, 90))
    await apply(app, hours_event(account, -90))

    [notice] = await inbox(client, headers)
    assert notice["kind"] == "hours.confirmed"
    assert notice["title"] == "Service hours confirmed"
    assert notice["body"].startswith("90 minutes of your volunteer service were confirmed")
