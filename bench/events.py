"""Event latency between real processes (issue 7): from the commit of an event in the
wishes service's outbox to its effect in the volunteers service (the hours credited),
at a steady 200 events/s, over HTTP and over NATS JetStream, in one run.

Both services run as their own processes under the launcher's supervisor on fresh
PostgreSQL databases (SQLite when PostgreSQL is not reachable), the volunteers service
with the demo city's volunteers. This process commits wish-fulfilled events to the
producer's outbox in transactions of ten, paced to the rate; each event's latency is the
consumer's ledger line `created_at` minus the outbox row's `time` (one machine clock).
"""

import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.gateway import HERE as BENCH_DIR
from bench.gateway import REPO
from bench.results import write_results
from bench.volunteers_report import figures
from weimin_kit.testing.databases import backend

sys.path.insert(0, str(REPO / "tests" / "integration"))
from event_pair import EventPair, event_pair

RESULTS = BENCH_DIR / "results" / "events.json"
RATE = 200.0
SECONDS = float(os.environ.get("WEIMIN_BENCH_EVENTS_SECONDS", "30"))
WARMUP_EVENTS = 200
GOAL_P99_MS = 500.0
#: Volunteers the wishes are fulfilled by: spread as in a city (the tests' 40 would make
#: every credit wait on a few volunteers' running totals).
CLAIMERS = 1000


def _payload(data: dict[str, Any] | str) -> dict[str, Any]:
    """The outbox keeps JSON as a dict on PostgreSQL and as text on SQLite."""
    return data if isinstance(data, dict) else json.loads(data)


async def latencies(pair: EventPair, since_count: int) -> list[float]:
    """Seconds from each event's outbox time to its ledger line, for events after the
    first `since_count` (the warm-up)."""
    async with pair.producer.read_sessionmaker() as session:
        rows = await session.execute(text("SELECT data, time FROM outbox_events"))
        committed = {f"wish:{_payload(row.data)['wish_id']}": row.time for row in rows}
    async with pair.consumer.read_sessionmaker() as session:
        rows = await session.execute(
            text(
                "SELECT credit_key, created_at FROM hours_entries WHERE credit_key LIKE 'wish:%' "
                "ORDER BY created_at"
            )
        )
        applied = [(row.credit_key, row.created_at) for row in rows]
    return [
        (_aware(at) - _aware(committed[key])).total_seconds() for key, at in applied[since_count:]
    ]


def _aware(moment: Any) -> datetime:
    parsed: datetime = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


async def measure(transport: str, var_dir: Path) -> dict[str, Any]:
    async with event_pair(var_dir, transport, claimers=CLAIMERS) as pair:
        await pair.inject(WARMUP_EVENTS, per_second=RATE)
        await pair.wait_applied(WARMUP_EVENTS, within_seconds=60)
        total = int(RATE * SECONDS)
        started = time.monotonic()
        await pair.inject(total, per_second=RATE)
        offered = total / (time.monotonic() - started)
        await pair.wait_applied(WARMUP_EVENTS + total, within_seconds=120)
        samples = await latencies(pair, WARMUP_EVENTS)
    result = figures(samples)
    result["offered_events_per_second"] = round(offered, 1)
    return result


def cpu_ticks() -> list[int]:
    """The machine's CPU time so far (user, nice, system, idle, iowait, irq, softirq, steal)."""
    with open("/proc/stat", encoding="ascii") as stat:
        return [int(value) for value in stat.readline().split()[1:9]]


def cpu_shares(before: list[int], after: list[int]) -> dict[str, float]:
    """Where the machine's CPU time went during a run: busy, idle and stolen by the host
    (a shared virtual machine; stolen time slows every process at once)."""
    spent = [b - a for a, b in zip(before, after, strict=True)]
    total = sum(spent) or 1
    user, nice, system, idle, iowait, irq, softirq, steal = spent
    return {
        "busy": round((user + nice + system + irq + softirq) / total, 3),
        "idle": round((idle + iowait) / total, 3),
        "steal": round(steal / total, 3),
    }


async def run() -> dict[str, Any]:
    database = backend()
    by_transport: dict[str, Any] = {}
    for transport in ("http", "nats"):
        with tempfile.TemporaryDirectory(prefix=f"bench-events-{transport}-") as var_dir:
            before = cpu_ticks()
            by_transport[transport] = await measure(transport, Path(var_dir))
            by_transport[transport]["machine_cpu"] = cpu_shares(before, cpu_ticks())
            print(f"{transport:>5}: {by_transport[transport]}", flush=True)
    http, nats = by_transport["http"], by_transport["nats"]
    return {
        "benchmark": "events",
        "database": database,
        "rate_events_per_second": RATE,
        "seconds": SECONDS,
        "by_transport": by_transport,
        "goals": {
            "p99_ms": GOAL_P99_MS,
            "http_met": http["p99_ms"] <= GOAL_P99_MS,
            "nats_met": nats["p99_ms"] <= GOAL_P99_MS,
        },
        "ratios": {"nats_over_http_p99": round(nats["p99_ms"] / http["p99_ms"], 2)},
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "note": "2-core machine shared by the injecting process, both services "
            "and, for NATS, nats-server",
        },
    }


def main() -> int:
    if "WEIMIN_TEST_DATABASE" not in os.environ:
        os.environ["WEIMIN_TEST_DATABASE"] = "postgresql"
    report = asyncio.run(run())
    write_results(RESULTS, report)
    goals = report["goals"]
    print(
        f"p99 goal {GOAL_P99_MS:.0f} ms: http {goals['http_met']}, nats {goals['nats_met']}; "
        f"nats/http p99 x{report['ratios']['nats_over_http_p99']}"
    )
    return 0
