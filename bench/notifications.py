"""The notifications service's fan-out, in process on its own migrated database.

1. reminder_fanout: 10,000 shift reminders scheduled for one moment (10,000 volunteers,
   each with a text-message contact and texts wanted for everything, so every notice makes
   a delivery too), then the scheduler's rounds run, as its loop runs them, until none is
   due; seconds from the first round to the last, and the notices and deliveries written.
   Goal: ≤ 60 s on SQLite. The dispatcher is not run: sending is the channels' matter.
2. alarm_fanout (bench/notifications_alarm.py): alarms to a ten-household group and its
   grid worker on every channel, against real processes; p99 from the event's arrival at
   the service to each delivery's arrival at its provider. Goal: p99 ≤ 1 s. PostgreSQL.

Scale knobs (environment): WEIMIN_BENCH_NOTIFICATIONS_REMINDERS (10,000),
_ALARMS (20), _ALARM_INTERVAL_MS (1,000).
"""

import asyncio
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench.notifications_alarm import alarm_fanout
from bench.results import write_results
from weimin_kit.db import Database
from weimin_kit.migrations import upgrade_to_head
from weimin_notifications.app import MIGRATIONS_DIR
from weimin_notifications.config import Settings
from weimin_notifications.deliveries.models import Delivery
from weimin_notifications.notices.models import Notification
from weimin_notifications.preferences.defaults import DEFAULT_CHANNELS
from weimin_notifications.preferences.models import ContactPoint, Preference
from weimin_notifications.reminders.schedule import Planned, fire_due, schedule

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "notifications.json"
GOAL_REMINDER_SECONDS = 60.0
#: 10:00 in Beijing: outside the default quiet hours, so nothing is held.
NOW = datetime(2026, 5, 6, 2, 0, tzinfo=UTC)
GOAL_ALARM_P99_SECONDS = 1.0


def knob(name: str, default: int) -> int:
    return int(os.environ.get(f"WEIMIN_BENCH_NOTIFICATIONS_{name}", default))


async def _people(database: Database, subjects: list[str]) -> None:
    async with database.sessionmaker() as session, session.begin():
        for n, subject in enumerate(subjects):
            # The pipeline reads only who has which channel; the sealed address is the
            # dispatcher's, which is not run here, so a placeholder stands in.
            session.add(
                ContactPoint(
                    subject=subject,
                    channel="sms",
                    address_cipher=f"bench-{n}",
                    address_index=f"bench-{n}",
                    created_at=NOW,
                )
            )
            session.add(
                Preference(
                    subject=subject,
                    language="zh-CN",
                    channels={**DEFAULT_CHANNELS, "sms": "all"},
                    quiet_start=None,
                    quiet_end=None,
                    updated_at=NOW,
                )
            )


def _planned(subject: str, starts: datetime) -> Planned:
    return Planned(
        key=f"/weimin/bench#{uuid.uuid4().hex}:hour_before",
        topic=f"signup:{uuid.uuid4()}",
        recipient=subject,
        kind="shift.reminder_hour_before",
        due_at=starts - timedelta(hours=1),
        variables={"ref": subject[-8:], "starts": "05-06 11:00", "ends": "05-06 13:00"},
        link="/volunteer/activities",
        useless_after=starts,
    )


async def _count(database: Database, model: type[Any]) -> int:
    async with database.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def reminder_fanout(count: int) -> dict[str, Any]:
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="bench-notifications-") as directory:
        database = Database.from_url(f"sqlite+aiosqlite:///{Path(directory) / 'n.db'}")
        await upgrade_to_head(database.engine, MIGRATIONS_DIR)
        subjects = [str(uuid.uuid4()) for _ in range(count)]
        await _people(database, subjects)
        starts = NOW + timedelta(hours=2)
        began = time.perf_counter()
        async with database.sessionmaker() as session, session.begin():
            await schedule(session, [_planned(s, starts) for s in subjects], NOW)
        scheduled_seconds = time.perf_counter() - began

        due = starts - timedelta(hours=1)
        rounds, fired, began = 0, 0, time.perf_counter()
        while batch := await fire_due(database, ["sms"], due, settings.reminder_batch_size):
            rounds, fired = rounds + 1, fired + batch
        seconds = time.perf_counter() - began
        notices, deliveries = await _count(database, Notification), await _count(database, Delivery)
        await database.dispose()
    return {
        "database": "sqlite",
        "reminders": count,
        "batch_size": settings.reminder_batch_size,
        "scheduling_seconds": round(scheduled_seconds, 2),
        "fanout_seconds": round(seconds, 2),
        "reminders_per_second": round(fired / seconds),
        "rounds": rounds,
        "fired": fired,
        "notifications_written": notices,
        "deliveries_written": deliveries,
    }


def main() -> int:
    last = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    fanout = asyncio.run(reminder_fanout(knob("REMINDERS", 10_000)))
    alarms = asyncio.run(
        alarm_fanout("postgresql", knob("ALARMS", 20), knob("ALARM_INTERVAL_MS", 1_000) / 1000)
    )
    report: dict[str, Any] = {
        "benchmark": "notifications",
        "question": (
            "how long do 10,000 shift reminders due at once take to become notices and "
            "queued deliveries, and how soon does an alarm reach everyone on every channel?"
        ),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "versions": {"sqlalchemy": version("sqlalchemy")},
        "load_average_before": list(os.getloadavg()),
        "reminder_fanout": fanout,
        "alarm_fanout": alarms,
    }
    goals = dict(last.get("goals") or {})
    goals["reminder_fanout_seconds_sqlite"] = {
        "goal": GOAL_REMINDER_SECONDS,
        "measured": fanout["fanout_seconds"],
        "met": fanout["fanout_seconds"] <= GOAL_REMINDER_SECONDS,
    }
    goals["alarm_fanout_p99_seconds_postgresql"] = {
        "goal": GOAL_ALARM_P99_SECONDS,
        "measured": alarms["latency_p99_ms"] / 1000,
        "met": alarms["latency_p99_ms"] / 1000 <= GOAL_ALARM_P99_SECONDS
        and alarms["deliveries_arrived"] == alarms["deliveries_expected"],
    }
    report["goals"] = goals
    write_results(RESULTS, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
