"""A joint-defence alarm, from the grid's event to each person's inbox and channels:
decided once, delivered per channel, never twice for a replayed event."""

import random
import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from notice_world import FakeClock, alarm_event, apply, outbox_lines

from weimin_kit.testing import TestKeys
from weimin_notifications.background import dispatch_round
from weimin_notifications.consumers.alarms import alarm_decision
from weimin_notifications.pipeline.plan import tell


def a_phone() -> str:
    return f"139{random.randrange(10**8):08d}"


async def add_contact(
    client: httpx.AsyncClient, headers: dict[str, str], channel: str, address: str
) -> dict[str, Any]:
    response = await client.post(
        "/v1/notification-contacts", json={"channel": channel, "address": address}, headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def inbox(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = await client.get("/v1/notifications", headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_an_alarm_reaches_every_member_and_the_grid_worker(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    member, raiser_neighbour, worker = (str(uuid.uuid4()) for _ in range(3))
    phones = {member: a_phone(), worker: a_phone()}
    for subject, phone in phones.items():
        await add_contact(client, test_keys.headers(subject=subject), "sms", phone)

    await apply(app, alarm_event([member, raiser_neighbour], worker, kind="fire"))

    for subject in (member, raiser_neighbour, worker):
        [notice] = await inbox(client, test_keys.headers(subject=subject))
        assert notice["kind"] == "alarm.raised"
        assert notice["urgent"] is True
        assert notice["title"] == "十户联防报警：火情"
        assert notice["link"].startswith("/alarms")
    # Texts go out at the dispatcher's next round, to those who gave a number.
    assert await dispatch_round(app) == 2
    sent = {line["to"]: line for line in outbox_lines(app) if line["to"] in phones.values()}
    assert set(sent) == set(phones.values())
    assert all(line["text"].startswith("【为民】【联防报警】火情") for line in sent.values())
    assert all(line["purpose"] == "alarm.raised" for line in sent.values())
    assert sent[phones[member]]["variables"]["alarm_kind"] == "火情"


async def test_a_replayed_alarm_tells_nobody_twice(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    member, worker = str(uuid.uuid4()), str(uuid.uuid4())
    phone = a_phone()
    await add_contact(client, test_keys.headers(subject=member), "sms", phone)
    event = alarm_event([member], worker)

    await apply(app, event)
    await apply(app, event)  # the transport delivered it again
    async with app.state.database.sessionmaker() as session:
        # The same event arriving under another delivery (a replay from the dead letters)
        # reaches the pipeline itself: it decides nothing new.
        again = await tell(session, alarm_decision_of(event), app.state.channels, clock())
        await session.commit()
    assert (again.notifications, again.deliveries) == (0, 0)
    await dispatch_round(app)
    await dispatch_round(app)

    assert len(await inbox(client, test_keys.headers(subject=member))) == 1
    assert len([line for line in outbox_lines(app) if line["to"] == phone]) == 1


def alarm_decision_of(event: Any) -> Any:
    from weimin_events.payloads import AlarmRaised

    return alarm_decision(AlarmRaised.model_validate(event.data), event)


async def test_english_speakers_get_english(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    member, worker = str(uuid.uuid4()), str(uuid.uuid4())
    headers = test_keys.headers(subject=member)
    response = await client.put(
        "/v1/notification-preferences/me", json={"language": "en"}, headers=headers
    )
    assert response.status_code == 200, response.text

    await apply(app, alarm_event([member], worker, kind="medical"))

    [notice] = await inbox(client, headers)
    assert notice["title"] == "Joint-defence alarm: medical emergency"
    [worker_notice] = await inbox(client, test_keys.headers(subject=worker))
    assert worker_notice["title"] == "十户联防报警：急病求助"


async def test_a_unit_without_a_worker_tells_its_robot_not_a_phantom_person(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    unit, community = uuid.uuid4(), uuid.uuid4()
    admin = test_keys.headers(roles=["admin"])
    robot = await client.post(
        "/v1/notification-robots",
        json={
            "channel": "wecom_robot",
            "scope_kind": "grid_unit",
            "scope_id": str(unit),
            "community_id": str(community),
            "name": "三网格工作群",
            "webhook_url": "http://127.0.0.1:9/cgi-bin/webhook/send?key=k1",
        },
        headers=admin,
    )
    assert robot.status_code == 201, robot.text
    member = str(uuid.uuid4())

    await apply(app, alarm_event([member], f"grid:{unit}", grid_unit_id=unit))

    async with app.state.database.sessionmaker() as session:
        from sqlalchemy import select

        from weimin_notifications.notices.models import Notification

        recipients = set(
            await session.scalars(
                select(Notification.recipient).where(Notification.kind == "alarm.raised")
            )
        )
    assert member in recipients
    assert f"robot:{robot.json()['id']}" in recipients
    assert not any(r.startswith("grid:") for r in recipients)
