"""The partner exchange against a real grid service process on the demo city.

1. Population sync: people of the actual population POSTed to
   /integration/v1/population/batches in batches of 1,000 (new people, then the same
   people again under new keys: every record compared and found unchanged), records/s, on
   SQLite and on PostgreSQL. Goal: ≥ 5,000 records/s on PostgreSQL.
2. Webhook delivery: safety-hazard incidents reported at 100 a second for 30 s in a street
   a partner subscribed to, each delivered by the service's own dispatcher to a receiver on
   this machine that verifies the signature; latency from the incident's commit (its
   `reported_at`, taken before the commit, so the figure errs long) to the receiver's
   arrival. Goal: p99 ≤ 1 s. PostgreSQL.

Scale knobs (environment): WEIMIN_BENCH_EXCHANGE_RECORDS (20,000), _EVENTS_PER_SECOND (100),
_SECONDS (30); WEIMIN_BENCH_EXCHANGE_PARTS (`population,webhooks`) runs some parts only,
keeping the others' last figures.
"""

import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, nullcontext
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx

from bench.results import write_results
from weimin_democity import City, generate
from weimin_grid.app import MIGRATIONS_DIR
from weimin_grid.config import Settings
from weimin_grid.demo import load_demo
from weimin_kit.db import Database
from weimin_kit.pii import checksum_char
from weimin_kit.testing import TestKeys
from weimin_kit.testing.live import migrated_database, running_service
from weimin_kit.testing.webhook_receiver import Receiver, running_receiver

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "exchange.json"
SCOPES = (
    "integration:population.write",
    "integration:events.receive",
    "integration:incidents.read",
)
GOAL_RECORDS_PER_SECOND = 5_000
GOAL_P99_SECONDS = 1.0
BATCH = 1_000


def knob(name: str, default: int) -> int:
    return int(os.environ.get(f"WEIMIN_BENCH_EXCHANGE_{name}", default))


def partner_headers(keys: TestKeys, street_id: uuid.UUID) -> dict[str, str]:
    token = keys.token(
        aud="weimin-integration",
        roles=["partner"],
        scopes=[*SCOPES, f"street:{street_id}"],
        subject="partner:bench-police",
        lifetime_seconds=7200,
    )
    return {"Authorization": f"Bearer {token}"}


def staff_headers(keys: TestKeys) -> dict[str, str]:
    token = keys.token(roles=["admin"], subject="bench-admin", lifetime_seconds=7200)
    return {"Authorization": f"Bearer {token}"}


def id_card(n: int) -> str:
    """Distinct valid numbers outside the demo city's (born 1950 onwards, 500 a day)."""
    day = 7_305 + n // 500  # days after 1930-01-01: from 1950 on
    born = datetime.fromordinal(datetime(1930, 1, 1).toordinal() + day)
    first17 = f"532998{born:%Y%m%d}{(n % 500) * 2 + 1:03d}"
    return first17 + checksum_char(first17)


def people(city: City, count: int) -> Iterator[dict[str, Any]]:
    homes = [household.standard_address.code for household in city.iter_households()]
    for n in range(count):
        yield {
            "partner_ref": f"GA{n:08d}",
            "name": f"同步{n}",
            "id_card_number": id_card(n),
            "phone": f"139{n:08d}",
            "ethnicity": "白族",
            "registration": "floating",
            "relation_to_head": "租户",
            "address_code": homes[n % len(homes)],
        }


async def load_city(url: str, city_size: str = "demo") -> None:
    database = Database.from_url(url)
    try:
        await load_demo(database, Settings(database_url=url, environment="test"), city_size)
    finally:
        await database.dispose()


async def sync(
    base_url: str, headers: dict[str, str], records: list[dict[str, Any]], in_flight: int = 1
) -> float:
    """Seconds to send every record in batches, `in_flight` batches at a time (1: one
    after another; the batches never share a person)."""
    batches = [records[start : start + BATCH] for start in range(0, len(records), BATCH)]
    limits = httpx.Limits(max_connections=in_flight)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:

        async def send(batch: list[dict[str, Any]]) -> None:
            response = await client.post(
                "/integration/v1/population/batches",
                json={"records": batch},
                headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
            )
            response.raise_for_status()
            rejected = response.json()["counts"].get("rejected", 0)
            if rejected:
                raise RuntimeError(f"{rejected} records rejected: {response.text[:500]}")

        started = time.perf_counter()
        for first in range(0, len(batches), in_flight):
            await asyncio.gather(*(send(batch) for batch in batches[first : first + in_flight]))
        return time.perf_counter() - started


async def population(backend: str, city: City, count: int) -> dict[str, Any]:
    os.environ["WEIMIN_TEST_DATABASE"] = backend
    keys = TestKeys()
    street = city.streets[0].id
    # Twice as many: the second half for the pass with two batches in flight.
    chosen = [r for r in people(city, count * 6) if _in_street(city, r, street)][: count * 2]
    records, more = chosen[:count], chosen[count:]
    with tempfile.TemporaryDirectory(prefix="bench-exchange-") as workdir:
        async with migrated_database("bench_exchange", Path(workdir), MIGRATIONS_DIR) as url:
            await load_city(url)
            async with running_service(
                "weimin_grid",
                "WEIMIN_GRID_",
                database_url=url,
                keys=keys,
                settings={"WEBHOOKS_ENABLED": "false", "RETENTION_ENABLED": "false"},
            ) as base_url:
                headers = partner_headers(keys, street)
                first = await sync(base_url, headers, records)
                again = await sync(base_url, headers, records)
                paired = await sync(base_url, headers, more, in_flight=2)
    result = {
        "records": len(records),
        "new_seconds": round(first, 2),
        "new_records_per_second": round(len(records) / first),
        "unchanged_seconds": round(again, 2),
        "unchanged_records_per_second": round(len(records) / again),
        "new_two_in_flight_records_per_second": round(len(more) / paired),
    }
    print(f"  {backend}: {result}", flush=True)
    return result


def _in_street(city: City, record: dict[str, Any], street: uuid.UUID) -> bool:
    return _street_of_code(city)[record["address_code"][:12]] == street


_STREETS: dict[str, uuid.UUID] = {}


def _street_of_code(city: City) -> dict[str, uuid.UUID]:
    """Division code of a community (the address code's first 12 digits) → its street."""
    if not _STREETS:
        _STREETS.update({c.division_code: c.street_id for c in city.communities})
    return _STREETS


@asynccontextmanager
async def dispatcher_process(database_url: str) -> AsyncIterator[None]:
    """`python -m weimin_grid dispatch-webhooks` on the same database, from when it says it
    has started (its imports take seconds) until the end."""
    env = {
        **os.environ,
        "WEIMIN_GRID_DATABASE_URL": database_url,
        "WEIMIN_GRID_ENVIRONMENT": "test",
        "WEIMIN_GRID_LOG_LEVEL": "INFO",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "weimin_grid", "dispatch-webhooks",
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    assert process.stdout is not None
    while b"webhook dispatcher started" not in (line := await process.stdout.readline()):
        if not line:
            raise RuntimeError("the webhook dispatcher exited before it started")
    drained = asyncio.create_task(process.stdout.read())  # its pipe must not fill up
    try:
        yield
    finally:
        process.terminate()
        await process.wait()
        await drained


async def webhooks(city: City, per_second: int, seconds: int, worker: bool) -> dict[str, Any]:
    """With `worker`, the dispatcher runs as a process of its own beside the API's."""
    os.environ["WEIMIN_TEST_DATABASE"] = "postgresql"
    keys = TestKeys()
    street = city.streets[0]
    units = [u for u in city.grid_units if _street_of_code(city)[u.code[:12]] == street.id]
    with (
        tempfile.TemporaryDirectory(prefix="bench-hooks-") as workdir,
        running_receiver() as running,
    ):
        async with migrated_database("bench_hooks", Path(workdir), MIGRATIONS_DIR) as url:
            await load_city(url)
            async with (
                running_service(
                    "weimin_grid",
                    "WEIMIN_GRID_",
                    database_url=url,
                    keys=keys,
                    settings={
                        "RETENTION_ENABLED": "false",
                        "WEBHOOKS_ENABLED": "false" if worker else "true",
                    },
                ) as base_url,
                httpx.AsyncClient(base_url=base_url, timeout=120) as client,
            ):
                created = await client.post(
                    "/integration/v1/webhooks",
                    json={"url": running.url},
                    headers=partner_headers(keys, street.id),
                )
                created.raise_for_status()
                running.secrets = [created.json()["secret"]]
                async with dispatcher_process(url) if worker else nullcontext():
                    sent = await _report_at_rate(client, keys, units, per_second, seconds)
                    await _all_kept(running, sent, within_seconds=30)
    latencies = sorted(
        arrived - datetime.fromisoformat(payload["data"]["reported_at"]).timestamp()
        for arrived, (_, payload) in zip(running.kept_at, running.kept, strict=True)
    )
    result = {
        "dispatcher": "its own process" if worker else "inside the API's process",
        "events_sent": sent,
        "events_delivered": len(running.kept),
        "per_second": per_second,
        "seconds": seconds,
        "latency_p50_ms": round(1000 * statistics.median(latencies)),
        "latency_p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))]),
        "latency_max_ms": round(1000 * latencies[-1]),
        "out_of_order": running.out_of_order,
        "refused_signatures": running.refused_signatures,
    }
    print(f"  webhooks: {result}", flush=True)
    return result


async def _all_kept(running: Receiver, count: int, within_seconds: float) -> None:
    """Until the receiver kept `count` deliveries, or the time is up (the receiver runs in a
    thread of its own: it is looked at, not awaited)."""
    deadline = time.monotonic() + within_seconds
    while len(running.kept) < count and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.2)


async def _report_at_rate(
    client: httpx.AsyncClient, keys: TestKeys, units: list[Any], per_second: int, seconds: int
) -> int:
    """Safety hazards, one every 1/per_second s, each in the centre of one of the units."""
    headers = staff_headers(keys)
    interval = 1 / per_second
    started = time.perf_counter()
    tasks = []
    for n in range(per_second * seconds):
        unit = units[n % len(units)]
        body = {
            "category_code": "0401",
            "title": "配电箱漏电",
            "location": {"lon": unit.centroid[0], "lat": unit.centroid[1]},
            "extra": {"hazard": "electric"},
        }
        tasks.append(asyncio.create_task(client.post("/v1/incidents", json=body, headers=headers)))
        delay = started + (n + 1) * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
    responses = await asyncio.gather(*tasks)
    failed = [r for r in responses if r.status_code != 201]
    if failed:
        raise RuntimeError(f"{len(failed)} reports failed: {failed[0].text[:300]}")
    return len(responses)


def main() -> int:
    city = generate("demo")
    count = knob("RECORDS", 20_000)
    parts = os.environ.get("WEIMIN_BENCH_EXCHANGE_PARTS", "population,webhooks").split(",")
    last = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    report: dict[str, Any] = {
        "benchmark": "exchange",
        "question": (
            "how fast does a partner's population sync go, and how soon after an incident "
            "is committed does the partner's endpoint have its webhook?"
        ),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "versions": {"sqlalchemy": version("sqlalchemy"), "standardwebhooks": "1.1.0"},
        "population_sync": {
            "sqlite": asyncio.run(population("sqlite", city, count)),
            "postgresql": asyncio.run(population("postgresql", city, count)),
        }
        if "population" in parts
        else last["population_sync"],
        "webhooks": asyncio.run(
            webhooks(city, knob("EVENTS_PER_SECOND", 100), knob("SECONDS", 30), worker=True)
        )
        if "webhooks" in parts
        else last["webhooks"],
        "webhooks_embedded_dispatcher": asyncio.run(
            webhooks(city, knob("EVENTS_PER_SECOND", 100), knob("SECONDS", 30), worker=False)
        )
        if "webhooks" in parts
        else last.get("webhooks_embedded_dispatcher"),
        "load_average_before": list(os.getloadavg()),
    }
    sync_pg = report["population_sync"]["postgresql"]["new_records_per_second"]
    p99 = report["webhooks"]["latency_p99_ms"] / 1000
    report["goals"] = {
        "population_sync_records_per_second_postgresql": {
            "goal": GOAL_RECORDS_PER_SECOND,
            "measured": sync_pg,
            "met": sync_pg >= GOAL_RECORDS_PER_SECOND,
        },
        "webhook_p99_seconds": {"goal": GOAL_P99_SECONDS, "measured": p99, "met": p99 <= 1.0},
    }
    write_results(RESULTS, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
