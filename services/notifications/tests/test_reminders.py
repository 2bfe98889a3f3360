"""Shift reminders fire by themselves, on the clock the test moves: the day before and the
hour before a confirmed place, never early, never twice, not at all once cancelled."""

import uuid
from datetime import timedelta

import httpx
from fastapi import FastAPI
from notice_world import FakeClock, apply
from sqlalchemy import func, select
from test_alarm_pipeline import a_phone, add_contact, inbox
from volunteer_events import signup_events

from weimin_events.payloads import ShiftSignedUp
from weimin_kit.testing import TestKeys
from weimin_notifications.background import remind_round
from weimin_notifications.consumers.volunteers import reminders_of
from weimin_notifications.deliveries.models import Delivery
from weimin_notifications.reminders.models import ScheduledNotice
from weimin_notifications.reminders.schedule import schedule


async def states(app: FastAPI) -> list[str]:
    async with app.state.database.sessionmaker() as session:
        return list(
            await session.scalars(select(ScheduledNotice.state).order_by(ScheduledNotice.due_at))
        )


async def texts_for_everything(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    await add_contact(client, headers, "sms", a_phone())
    response = await client.put(
        "/v1/notification-preferences/me", json={"channels": {"sms": "all"}}, headers=headers
    )
    assert response.status_code == 200, response.text


async def test_a_reminder_for_tomorrow_fires_at_its_time_and_not_a_second_before(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    account = str(uuid.uuid4())
    headers = test_keys.headers(subject=account)
    await texts_for_everything(client, headers)
    # It is 09:00 Beijing time; the shift starts tomorrow at 10:00, two hours long.
    starts = clock() + timedelta(days=1, hours=1)
    signed, _ = signup_events(account, starts, starts + timedelta(hours=2))
    await apply(app, signed)
    assert await states(app) == ["pending", "pending"]

    clock.now = starts - timedelta(hours=24, seconds=1)
    assert await remind_round(app) == 0
    assert await inbox(client, headers) == []

    clock.advance(seconds=2)
    assert await remind_round(app) == 1
    [notice] = await inbox(client, headers)
    assert notice["kind"] == "shift.reminder_day_before"
    assert notice["title"] == "明天有志愿服务班次"
    assert "北京时间 05-07 10:00 开始，05-07 12:00 结束" in notice["body"]
    assert notice["link"] == "/volunteer/activities"

    clock.now = starts - timedelta(hours=1, seconds=1)
    assert await remind_round(app) == 0
    assert len(await inbox(client, headers)) == 1
    clock.advance(seconds=2)
    assert await remind_round(app) == 1
    kinds = [n["kind"] for n in await inbox(client, headers)]
    assert kinds == ["shift.reminder_hour_before", "shift.reminder_day_before"]
    assert await states(app) == ["fired", "fired"]
    # Each reminder is also texted (the volunteer asked for texts), once.
    async with app.state.database.sessionmaker() as session:
        channels = list(await session.scalars(select(Delivery.channel)))
    assert channels == ["sms", "sms"]
    assert await remind_round(app) == 0


async def test_a_cancelled_place_is_not_reminded(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    account = str(uuid.uuid4())
    starts = clock() + timedelta(days=2)
    signed, cancelled = signup_events(account, starts, starts + timedelta(hours=2))
    await apply(app, signed)
    await apply(app, cancelled)
    assert await states(app) == ["cancelled", "cancelled"]

    clock.now = starts
    assert await remind_round(app) == 0
    assert await inbox(client, test_keys.headers(subject=account)) == []


async def test_a_replayed_sign_up_schedules_nothing_twice(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    account = str(uuid.uuid4())
    starts = clock() + timedelta(days=2)
    signed, _ = signup_events(account, starts, starts + timedelta(hours=2))
    await apply(app, signed)
    await apply(app, signed)  # the transport delivered it again
    async with app.state.database.sessionmaker() as session:
        # Replayed from the dead letters, it reaches the scheduling itself: nothing new.
        payload = ShiftSignedUp.model_validate(signed.data)
        assert await schedule(session, reminders_of(payload, signed), clock()) == 0
        await session.commit()
    assert len(await states(app)) == 2

    clock.now = starts
    assert await remind_round(app) == 2
    assert len(await inbox(client, test_keys.headers(subject=account))) == 2


async def test_a_sign_up_within_a_day_gets_only_the_hour_before(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    account = str(uuid.uuid4())
    starts = clock() + timedelta(hours=5)
    signed, _ = signup_events(account, starts, starts + timedelta(hours=2))
    await apply(app, signed)
    async with app.state.database.sessionmaker() as session:
        kinds = list(await session.scalars(select(ScheduledNotice.kind)))
    assert kinds == ["shift.reminder_hour_before"]


async def test_many_due_at_once_fire_in_batches_each_told_once(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    app.state.settings.reminder_batch_size = 40
    starts = clock() + timedelta(hours=3)
    people = [str(uuid.uuid4()) for _ in range(50)]
    await add_contact(client, test_keys.headers(subject=people[0]), "sms", a_phone())
    for person in people:
        await apply(app, signup_events(person, starts, starts + timedelta(hours=1))[0])

    clock.now = starts - timedelta(minutes=30)
    assert [await remind_round(app) for _ in range(3)] == [40, 10, 0]
    async with app.state.database.sessionmaker() as session:
        from weimin_notifications.notices.models import Notification

        told = await session.scalar(select(func.count()).select_from(Notification))
    assert told == 50
    # SMS is for alarms unless a person asks for more: the reminder stays off it.
    async with app.state.database.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Delivery)) == 0
