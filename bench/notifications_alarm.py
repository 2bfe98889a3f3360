"""alarm_fanout: joint-defence alarms to a ten-household group and its grid worker on every
channel, against real processes: the notifications service (PostgreSQL or SQLite), the
channel simulator (WeCom, DingTalk) and the local push service.

Eleven people, each with a mobile number, a WeCom id and a browser subscribed to push; each
alarm's grid unit has a WeCom and a DingTalk work-group robot of its own (robots take 20
messages a minute: one pair per alarm keeps the providers' pace out of the figure). Each
alarm's event is handed to the service as the grid's relay hands it (a signed POST to
/v1/events); the latency of each delivery runs from that moment to its arrival: the SMS
outbox line's time, the simulator's and the push service's receipt. Goal: p99 ≤ 1 s.
The grid's own relay (it polls its outbox every 0.1 s) comes before this and is not in it.
"""

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from weimin_events.payloads import AlarmRaised
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.http import HttpTransport
from weimin_kit.settings import DEV_EVENTS_SECRET
from weimin_kit.testing import TestKeys
from weimin_kit.testing.live import migrated_database, running_service
from weimin_notifications.app import MIGRATIONS_DIR
from weimin_notifications.channels.webpush import generate_vapid_keys

# The simulators' process harnesses, shared with the service's tests.
sys.path.insert(0, str(Path(__file__).parents[1] / "services" / "notifications" / "tests"))
from channel_sim import Simulator, running_simulator
from push_sim import PushSim, running_push_service

PEOPLE = 11  # ten households and the grid worker
CHANNELS_PER_ALARM = PEOPLE * 3 + 2  # SMS, WeCom, push each; two robots


def _alarm(members: list[str], unit: uuid.UUID) -> CloudEvent:
    alarm = AlarmRaised(
        alarm_id=uuid.uuid4(),
        group_id=uuid.uuid4(),
        kind="fire",
        grid_unit_id=unit,
        recipients=[
            *({"subject": s, "role": "member"} for s in members[:-1]),
            {"subject": members[-1], "role": "grid_worker"},
        ],
    )
    return CloudEvent(
        specversion="1.0",
        id=str(uuid.uuid4()),
        source="/weimin/grid",
        type=AlarmRaised.event_type,
        subject=str(alarm.alarm_id),
        data=alarm.model_dump(mode="json"),
    )


async def _people(
    client: httpx.AsyncClient, keys: TestKeys, push: PushSim
) -> tuple[list[str], list[dict[str, Any]]]:
    subjects = [str(uuid.uuid4()) for _ in range(PEOPLE)]
    browsers = []
    for n, subject in enumerate(subjects):
        headers = keys.headers(subject=subject)
        for channel, address in (("sms", f"1390001{n:04d}"), ("wecom", f"p{n:02d}")):
            answer = await client.post(
                "/v1/notification-contacts",
                json={"channel": channel, "address": address},
                headers=headers,
            )
            answer.raise_for_status()
        key = (await client.get("/v1/push/public-key", headers=headers)).json()["public_key"]
        browser = await push.subscribe(application_server_key=key)
        (
            await client.post("/v1/push/subscriptions", json=browser, headers=headers)
        ).raise_for_status()
        browsers.append(browser)
    return subjects, browsers


async def _robots(
    client: httpx.AsyncClient, keys: TestKeys, base: str, units: list[uuid.UUID]
) -> None:
    admin = keys.headers(roles=["admin"])
    for n, unit in enumerate(units):
        for channel, url, secret in (
            ("wecom_robot", f"{base}/cgi-bin/webhook/send?key=robot-{n}", None),
            ("dingtalk_robot", f"{base}/robot/send?access_token=robot-{n}", f"SECrobot-secret-{n}"),
        ):
            body = {
                "channel": channel,
                "scope_kind": "grid_unit",
                "scope_id": str(unit),
                "community_id": str(uuid.uuid4()),
                "name": f"网格{n}",
                "webhook_url": url,
                "secret": secret,
            }
            (
                await client.post("/v1/notification-robots", json=body, headers=admin)
            ).raise_for_status()


async def _warm_up_arrived(
    simulator: Simulator, push: PushSim, browsers: list[dict[str, Any]], outbox: Path
) -> None:
    """Until every person has the warm-up alarm on each of their three channels."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pushed = [len(await push.arrivals(b)) for b in browsers]
        texted = len(_sms_times(outbox))
        if len(await simulator.arrivals("wecom")) >= PEOPLE and min(pushed) and texted >= PEOPLE:
            return
        await asyncio.sleep(0.1)
    raise RuntimeError("the warm-up alarm did not reach everyone within 30 s")


def _p99(values: list[float]) -> float:
    return values[int(0.99 * (len(values) - 1))]


def _ms(seconds: float) -> int:
    return round(1000 * seconds)


def _sms_times(outbox: Path) -> list[float]:
    if not outbox.exists():
        return []
    lines = outbox.read_text(encoding="utf-8").splitlines()
    return [datetime.fromisoformat(json.loads(line)["at"]).timestamp() for line in lines]


async def alarm_fanout(backend: str, alarms: int, interval: float) -> dict[str, Any]:
    os.environ["WEIMIN_TEST_DATABASE"] = backend
    keys = TestKeys()
    units = [uuid.uuid4() for _ in range(alarms)]
    config = {
        "wecom": {"robot_keys": [f"robot-{n}" for n in range(alarms)]},
        "dingtalk": {"robots": {f"robot-{n}": f"SECrobot-secret-{n}" for n in range(alarms)}},
    }
    private_key, _public = generate_vapid_keys()
    with tempfile.TemporaryDirectory(prefix="bench-alarm-") as workdir:
        directory = Path(workdir)
        outbox = directory / "sms.jsonl"
        async with (
            running_simulator(directory, config) as simulator,
            running_push_service() as push,
            migrated_database("bench_alarm", directory, MIGRATIONS_DIR) as url,
            running_service(
                "weimin_notifications",
                "WEIMIN_NOTIFICATIONS_",
                database_url=url,
                keys=keys,
                settings={
                    "SMS_OUTBOX": str(outbox),
                    "WECOM_API_BASE": simulator.base_url,
                    "WECOM_CORP_ID": "ww-sim-corp",
                    "WECOM_CORP_SECRET": "sim-wecom-secret",
                    "WECOM_AGENT_ID": "1000002",
                    "DINGTALK_API_BASE": simulator.base_url,
                    "WEB_PUSH_VAPID_PRIVATE_KEY": private_key,
                    "WEB_PUSH_ENDPOINT_HOSTS": '["127.0.0.1"]',
                    "LOG_LEVEL": "WARNING",
                },
            ) as base_url,
            httpx.AsyncClient(base_url=base_url, timeout=30) as client,
        ):
            subjects, browsers = await _people(client, keys, push)
            await _robots(client, keys, simulator.base_url, units)
            relay = HttpTransport(
                client,
                {"notifications": base_url},
                lambda _type: ("notifications",),
                DEV_EVENTS_SECRET,
            )
            # The first alarm after start-up opens the connections and fetches the WeCom
            # token: sent first, on a unit of its own with no robots, and not counted.
            await relay.publish(_alarm(subjects, uuid.uuid4()))
            await _warm_up_arrived(simulator, push, browsers, outbox)
            await simulator.reset()
            skip = {id(b): len(await push.arrivals(b)) for b in browsers}
            outbox_skip = len(_sms_times(outbox))
            sent: list[float] = []
            started = time.perf_counter()
            for n, unit in enumerate(units):
                sent.append(time.time())
                await relay.publish(_alarm(subjects, unit))
                delay = started + (n + 1) * interval - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            await asyncio.sleep(3)  # the last alarm's deliveries
            arrivals: dict[str, list[float]] = {
                channel: [a["at"] for a in await simulator.arrivals(channel)]
                for channel in ("wecom", "wecom_robot", "dingtalk_robot")
            }
            arrivals["web_push"] = [
                datetime.fromisoformat(a["received_at"]).timestamp()
                for browser in browsers
                for a in (await push.arrivals(browser))[skip[id(browser)] :]
            ]
            arrivals["sms"] = _sms_times(outbox)[outbox_skip:]
    # Each arrival belongs to the last alarm sent before it (alarms are `interval` apart
    # and each one's deliveries land well inside that).
    by_channel = {
        channel: sorted(at - max(s for s in sent if s <= at) for at in times if at >= sent[0])
        for channel, times in arrivals.items()
    }
    latencies = sorted(x for values in by_channel.values() for x in values)
    result = {
        "backend": backend,
        "alarms": alarms,
        "interval_seconds": interval,
        "deliveries_expected": alarms * CHANNELS_PER_ALARM,
        "deliveries_arrived": len(latencies),
        "latency_p50_ms": _ms(statistics.median(latencies)),
        "latency_p99_ms": _ms(_p99(latencies)),
        "latency_max_ms": _ms(latencies[-1]),
        "p99_ms_by_channel": {c: _ms(_p99(v)) for c, v in by_channel.items() if v},
    }
    print(f"  alarm_fanout: {result}", flush=True)
    return result
