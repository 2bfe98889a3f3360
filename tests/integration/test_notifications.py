"""A neighbour's alarm reaches people on every channel, across real processes: the grid's
outbox relays the event to the notifications service, which texts (the local SMS outbox),
sends WeCom application messages and WeCom / DingTalk group-robot messages to the channel
simulator (which verifies keys and signatures), all within 2 s of the alarm. A replayed
event sends nothing new; a failing channel is retried with backoff, then recorded as
failed, without holding up the others."""

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa
from channel_sim import Simulator, running_simulator
from platform_support import ADMIN_PASSWORD, DEMO_PASSWORD, Platform, login, running_platform
from push_sim import PushSim, running_push_service

from weimin_events.catalogue import subscribers_of
from weimin_kit.db import Database
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.http import HttpTransport
from weimin_kit.settings import DEV_EVENTS_SECRET
from weimin_notifications.channels.webpush import generate_vapid_keys

WITHIN_SECONDS = 2.0
WECOM_ROBOT = "sim-wecom-robot"
DINGTALK_ROBOT, DINGTALK_SECRET = "sim-dingtalk-robot", "SECsim-dingtalk-robot-secret"
WORKER_PHONE = "13900001234"


@pytest_asyncio.fixture(scope="module")
async def simulator(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Simulator]:
    async with running_simulator(tmp_path_factory.mktemp("channels"), {}) as started:
        yield started


@pytest_asyncio.fixture(scope="module")
async def push_service() -> AsyncIterator[PushSim]:
    async with running_push_service() as started:
        yield started


@pytest_asyncio.fixture(scope="module")
async def notifying_platform(
    simulator: Simulator, push_service: PushSim, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Platform]:
    prefix = "WEIMIN_NOTIFICATIONS_"
    vapid_private_key, _public = generate_vapid_keys()
    env = {
        prefix + "WEB_PUSH_VAPID_PRIVATE_KEY": vapid_private_key,
        # The local push service listens on loopback, which no deployment allows.
        prefix + "WEB_PUSH_ENDPOINT_HOSTS": '["127.0.0.1"]',
        prefix + "WECOM_API_BASE": simulator.base_url,
        prefix + "WECOM_CORP_ID": "ww-sim-corp",
        prefix + "WECOM_CORP_SECRET": "sim-wecom-secret",
        prefix + "WECOM_AGENT_ID": "1000002",
        prefix + "DINGTALK_API_BASE": simulator.base_url,
        # Retries a test can wait for: 0.3 s, then 0.6 s, then failed.
        prefix + "DELIVERY_MAX_ATTEMPTS": "3",
        prefix + "DELIVERY_BACKOFF_BASE_SECONDS": "0.3",
    }
    async with running_platform(tmp_path_factory.mktemp("notifying"), env) as started:
        yield started


@pytest_asyncio.fixture(autouse=True)
async def fresh_simulator(simulator: Simulator) -> AsyncIterator[None]:
    """Each test sees only its own arrivals, failures and robot counts."""
    await simulator.reset()
    yield
    await simulator.reset()


async def _post(client: httpx.AsyncClient, path: str, body: Any, headers: dict[str, str]) -> Any:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def _within(seconds: float, check: Callable[[], Awaitable[bool]]) -> float:
    started = time.monotonic()
    while not await check():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"not within {seconds} s")
        await asyncio.sleep(0.05)
    return time.monotonic() - started


def _outbox(platform: Platform) -> list[dict[str, Any]]:
    path = platform.layout.var_dir / "sms" / "notifications.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def _arrived(simulator: Simulator, channel: str, after: float) -> list[dict[str, Any]]:
    """What reached the simulator on `channel` since `after` (its clock is the wall's)."""
    return [a for a in await simulator.arrivals(channel) if a["at"] >= after]


async def _set_up_grid001(
    client: httpx.AsyncClient, simulator: Simulator, push_service: PushSim
) -> tuple[dict[str, str], uuid.UUID, dict[str, Any]]:
    """grid001 gives a mobile number and its WeCom id, and subscribes a browser to push;
    the administrator adds the grid's WeCom and DingTalk work-group robots. The grid unit
    is the neighbour's group's."""
    worker = await login(client, "grid001", DEMO_PASSWORD)
    admin = await login(client, "admin", ADMIN_PASSWORD)
    neighbour = await login(client, "neighbour01", DEMO_PASSWORD)
    contacts = "/api/v1/notification-contacts"
    await _post(client, contacts, {"channel": "sms", "address": WORKER_PHONE}, worker)
    await _post(client, contacts, {"channel": "wecom", "address": "grid001"}, worker)
    key = (await client.get("/api/v1/push/public-key", headers=worker)).json()["public_key"]
    browser = await push_service.subscribe(application_server_key=key)
    subscribed = await client.post("/api/v1/push/subscriptions", json=browser, headers=worker)
    assert subscribed.status_code == 204, subscribed.text
    groups = (await client.get("/api/v1/joint-defence/groups", headers=neighbour)).json()
    [group] = groups["items"]
    unit, community = uuid.UUID(group["grid_unit_id"]), uuid.UUID(group["community_id"])
    for channel, url, secret in (
        ("wecom_robot", f"{simulator.base_url}/cgi-bin/webhook/send?key={WECOM_ROBOT}", None),
        ("dingtalk_robot", f"{simulator.base_url}/robot/send?access_token={DINGTALK_ROBOT}",
         DINGTALK_SECRET),
    ):  # fmt: skip
        body = {
            "channel": channel,
            "scope_kind": "grid_unit",
            "scope_id": str(unit),
            "community_id": str(community),
            "name": "网格工作群",
            "webhook_url": url,
            "secret": secret,
        }
        await _post(client, "/api/v1/notification-robots", body, admin)
    return neighbour, uuid.UUID(group["id"]), browser


async def test_an_alarm_reaches_sms_wecom_push_and_both_robots_within_two_seconds(
    notifying_platform: Platform, simulator: Simulator, push_service: PushSim
) -> None:
    platform = notifying_platform
    async with httpx.AsyncClient(base_url=platform.url, timeout=30) as client:
        neighbour, group, browser = await _set_up_grid001(client, simulator, push_service)
        started, wall_started = time.monotonic(), time.time()
        alarm = await _post(
            client, f"/api/v1/joint-defence/groups/{group}/alarms", {"kind": "fire"}, neighbour
        )

        async def everything_arrived() -> bool:
            texts = [line for line in _outbox(platform) if line["to"] == WORKER_PHONE]
            channels = [
                await _arrived(simulator, c, wall_started - 1)
                for c in ("wecom", "wecom_robot", "dingtalk_robot")
            ]
            pushed = await push_service.arrivals(browser)
            return bool(texts) and all(channels) and bool(pushed)

        await _within(WITHIN_SECONDS, everything_arrived)
        took = time.monotonic() - started
        print(f"alarm on every channel {took:.2f} s after it was raised")

        [text] = [line for line in _outbox(platform) if line["to"] == WORKER_PHONE]
        assert text["purpose"] == "alarm.raised"
        assert "火情" in text["text"]
        [wecom] = await _arrived(simulator, "wecom", wall_started - 1)
        assert (wecom["recipient"], wecom["errcode"]) == ("grid001", 0)
        assert "火情" in wecom["title"]
        # The WeCom robot's key was accepted; the DingTalk robot's signature checked out.
        [wecom_robot] = await _arrived(simulator, "wecom_robot", wall_started - 1)
        assert wecom_robot["errcode"] == 0, wecom_robot
        assert wecom_robot["mentions_all"] is True
        [dingtalk_robot] = await _arrived(simulator, "dingtalk_robot", wall_started - 1)
        assert dingtalk_robot["errcode"] == 0, dingtalk_robot
        assert dingtalk_robot["signature_verified"] is True
        # The push service verified our VAPID token and decrypted the message (RFC 8291).
        [push] = await push_service.arrivals(browser)
        assert push["verified"] is True, push
        assert push["urgency"] == "high"
        assert push["payload"]["title"] == "十户联防报警：火情"
        assert push["payload"]["link"] == f"/alarms?alarm={alarm['id']}"
        assert alarm["state"] == "open"


async def _alarm_event(platform: Platform, alarm_id: str) -> CloudEvent:
    """The grid's own event for the alarm, as its outbox relayed it."""
    database = Database.from_url(platform.layout.database_url(_grid(platform)))
    try:
        async with database.sessionmaker() as session:
            row = (
                await session.execute(
                    sa.text(
                        "SELECT id, source, type, subject, time, data FROM outbox_events "
                        "WHERE subject = :alarm AND type = 'cn.weimin.alarm.raised.v1'"
                    ),
                    {"alarm": alarm_id},
                )
            ).one()
    finally:
        await database.dispose()
    data = row.data if isinstance(row.data, dict) else json.loads(row.data)
    # A raw query reads SQLite's uuid as its 32 stored hex digits: the relay sends the
    # uuid's usual form, the id the consumer keeps.
    return CloudEvent(
        specversion="1.0", id=str(uuid.UUID(str(row.id))), source=row.source, type=row.type,
        subject=row.subject, data=data,
    )  # fmt: skip


def _grid(platform: Platform) -> Any:
    from weimin_launcher.processes import SERVICES

    return next(service for service in SERVICES if service.name == "grid")


async def test_a_replayed_alarm_event_sends_nothing_new(
    notifying_platform: Platform, simulator: Simulator
) -> None:
    platform = notifying_platform
    async with httpx.AsyncClient(base_url=platform.url, timeout=30) as client:
        neighbour = await login(client, "neighbour01", DEMO_PASSWORD)
        worker = await login(client, "grid001", DEMO_PASSWORD)
        [group] = (await client.get("/api/v1/joint-defence/groups", headers=neighbour)).json()[
            "items"
        ]
        wall_started = time.time()
        alarm = await _post(
            client, f"/api/v1/joint-defence/groups/{group['id']}/alarms", {"kind": "medical"},
            neighbour,
        )  # fmt: skip

        async def sent_once() -> bool:
            texted = any("急病求助" in line["text"] for line in _outbox(platform))
            return texted and bool(await _arrived(simulator, "wecom", wall_started - 1))

        await _within(WITHIN_SECONDS * 3, sent_once)
        texts_before = len(_outbox(platform))
        event = await _alarm_event(platform, alarm["id"])

        # The grid's relay delivering it again, as at-least-once transports do.
        async with httpx.AsyncClient(timeout=10) as relay_client:
            relay = HttpTransport(
                relay_client,
                {"notifications": platform.service_url("notifications")},
                lambda event_type: ("notifications",),
                DEV_EVENTS_SECRET,
            )
            await relay.publish(event)
        await asyncio.sleep(1.5)  # longer than a dispatcher round takes to send

        assert len(_outbox(platform)) == texts_before
        assert len(await _arrived(simulator, "wecom", wall_started - 1)) == 1
        inbox = (await client.get("/api/v1/notifications", headers=worker)).json()["items"]
        assert [n["data"]["alarm_id"] for n in inbox].count(alarm["id"]) == 1
        assert "notifications" in subscribers_of(event.type)


async def test_a_failing_channel_is_retried_then_recorded_failed_without_holding_up_others(
    notifying_platform: Platform, simulator: Simulator
) -> None:
    platform = notifying_platform
    await simulator.fail("/cgi-bin/message/send", times=10, errcode=-1, errmsg="system busy")
    async with httpx.AsyncClient(base_url=platform.url, timeout=30) as client:
        neighbour = await login(client, "neighbour01", DEMO_PASSWORD)
        admin = await login(client, "admin", ADMIN_PASSWORD)
        [group] = (await client.get("/api/v1/joint-defence/groups", headers=neighbour)).json()[
            "items"
        ]
        wall_started = time.time()
        await _post(
            client, f"/api/v1/joint-defence/groups/{group['id']}/alarms", {"kind": "intrusion"},
            neighbour,
        )  # fmt: skip

        # The others go out at once, while WeCom's application messages fail.
        async def robots_and_text_sent() -> bool:
            robots = await _arrived(simulator, "dingtalk_robot", wall_started - 1)
            texts = [line for line in _outbox(platform) if line["to"] == WORKER_PHONE]
            return bool(robots) and len(texts) >= 3

        await _within(WITHIN_SECONDS, robots_and_text_sent)

        async def wecom_failed() -> list[dict[str, Any]]:
            response = await client.get(
                "/api/v1/notification-deliveries",
                params={"channel": "wecom", "state": "failed"},
                headers=admin,
            )
            assert response.status_code == 200, response.text
            items: list[dict[str, Any]] = response.json()["items"]
            return items

        async def recorded() -> bool:
            return bool(await wecom_failed())

        # Three attempts, 0.3 s and 0.6 s apart (plus a dispatcher round each).
        await _within(10, recorded)
        [failed] = await wecom_failed()
        assert failed["attempts"] == 3
        assert failed["last_error"] == "wecom: errcode -1"
        # The simulator answered every attempt "system busy" and kept nothing.
        assert not await _arrived(simulator, "wecom", wall_started - 1)
