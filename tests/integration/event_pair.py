"""Two real services exchanging events: wishes (the producer) and volunteers (the
consumer), each its own process under the launcher's supervisor, on fresh databases
(copies of ones migrated once per test process).

Events are written into the producer's outbox as committed rows (what any change of the
wishes service leaves behind); its own relay publishes them over the chosen transport and
the volunteers process credits the hours. Effects are read back from the consumer's
database, so a count can be checked against a recount.
"""

import asyncio
import atexit
import contextlib
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import nats
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict
from sqlalchemy import text

from weimin_events.payloads import WishFulfilled
from weimin_kit.db import Database
from weimin_kit.events.nats import stream_name
from weimin_kit.outbox import record_event
from weimin_kit.testing import copy_test_database, create_test_database, drop_test_database
from weimin_kit.testing.live import free_port
from weimin_launcher.processes import SERVICES, Layout, Process
from weimin_launcher.supervisor import Supervisor

ORG_REGISTRY = next(s for s in SERVICES if s.name == "org-registry")
WISHES = next(s for s in SERVICES if s.name == "wishes")
VOLUNTEERS = next(s for s in SERVICES if s.name == "volunteers")
NOTIFICATIONS = next(s for s in SERVICES if s.name == "notifications")
MINUTES = 30
CLAIMERS = 40


async def until(condition: Callable[[], Awaitable[bool]], within_seconds: float, what: str) -> None:
    deadline = time.monotonic() + within_seconds
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {within_seconds} s")
        await asyncio.sleep(0.02)


@dataclass
class EventPair:
    layout: Layout
    supervisor: Supervisor
    producer: Database
    consumer: Database
    claimers: list[uuid.UUID] = field(default_factory=list)

    async def inject(self, count: int, *, per_second: float = 0.0, poison: int = 0) -> list[str]:
        """Commit `count` wish-fulfilled events (and `poison` malformed ones among them)
        to the producer's outbox, paced at `per_second` when given; returns the good ids."""
        ids: list[str] = []
        batch = 10
        started = time.monotonic()
        poison_at = set(random.sample(range(count), poison)) if poison else set()
        for first in range(0, count, batch):
            async with self.producer.sessionmaker() as session, session.begin():
                for n in range(first, min(first + batch, count)):
                    wish = uuid.uuid4()
                    payload = fulfilled(wish, self.claimers[n % len(self.claimers)])
                    if n in poison_at:
                        payload = WithoutClaimer(**payload.model_dump(exclude={"claimer_id"}))
                    event_id = await record_event(
                        session, source="/weimin/wishes", subject=str(wish), payload=payload
                    )
                    if n not in poison_at:
                        ids.append(str(event_id))
            if per_second:
                ahead = (first + batch) / per_second - (time.monotonic() - started)
                if ahead > 0:
                    await asyncio.sleep(ahead)
        return ids

    async def applied(self) -> int:
        async with self.consumer.read_sessionmaker() as session:
            found = await session.scalar(
                text("SELECT count(*) FROM hours_entries WHERE credit_key LIKE 'wish:%'")
            )
            return int(found or 0)

    async def reached(self, count: int) -> bool:
        return await self.applied() >= count

    async def wait_applied(self, expected: int, within_seconds: float) -> float:
        started = time.monotonic()
        while (count := await self.applied()) < expected:
            if time.monotonic() - started > within_seconds:
                raise AssertionError(f"{count} of {expected} applied after {within_seconds} s")
            await asyncio.sleep(0.1)
        return time.monotonic() - started

    async def totals_match_a_recount(self) -> bool:
        """Each volunteer's running total equals the sum of their ledger lines."""
        async with self.consumer.read_sessionmaker() as session:
            mismatched = await session.scalar(
                text(
                    "SELECT count(*) FROM hours_totals t WHERE t.minutes <> "
                    "(SELECT coalesce(sum(e.minutes), 0) FROM hours_entries e "
                    " WHERE e.volunteer_id = t.volunteer_id)"
                )
            )
            return bool(mismatched == 0)

    async def outbox_states(self) -> dict[str, int]:
        async with self.producer.read_sessionmaker() as session:
            rows = await session.execute(
                text("SELECT state, count(*) FROM outbox_events GROUP BY state")
            )
            return {state: int(n) for state, n in rows.all()}

    async def all_published(self, count: int) -> bool:
        """The producer marks an event published just after the consumer has it."""
        return await self.outbox_states() == {"published": count}

    async def consumer_dead_letters(self) -> int:
        async with self.consumer.read_sessionmaker() as session:
            return int(await session.scalar(text("SELECT count(*) FROM event_dead_letters")) or 0)

    async def kill(self, process: Process) -> int:
        """SIGKILL the process; the supervisor starts it again. Returns its restart count
        once the new process answers /readyz."""
        before = self.supervisor.restarts_of(process.name)
        pid = self.supervisor.pid_of(process.name)
        assert pid is not None
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

        async def restarted() -> bool:
            return self.supervisor.restarts_of(process.name) > before

        await until(restarted, 60, f"{process.name} restarted")
        await self.supervisor.wait_ready(within_seconds=60)
        return self.supervisor.restarts_of(process.name)


class WithoutClaimer(BaseModel):
    """A producer's `wish.fulfilled` that fails the consumer's schema every time."""

    model_config = ConfigDict(extra="allow")
    event_type: ClassVar[str] = WishFulfilled.event_type


def fulfilled(wish: uuid.UUID, claimer: uuid.UUID) -> BaseModel:
    place = uuid.UUID(int=1)
    return WishFulfilled(
        wish_id=wish,
        street_id=place,
        community_id=place,
        grid_unit_id=place,
        claim_id=uuid.uuid4(),
        claimer_id=str(claimer),
        claimer_type="volunteer",
        service_minutes=MINUTES,
    )


def _prepare(layout: Layout, process: Process, *args: str) -> None:
    subprocess.run(
        layout.command(process, "prepare", *args),
        env=layout.env(process),
        check=True,
        capture_output=True,
        timeout=300,
    )


# Each service's database is migrated (and the volunteers' demo city loaded) once per test
# process, then copied for every pair: `prepare` is a process start and a migration run,
# seconds each, and a pass makes seven pairs. What a pair's own settings change is read
# when its services start.
_prepared: dict[str, str] = {}
_DEMO_SIZES = {VOLUNTEERS.name: "demo"}


async def _prepared_databases(processes: Sequence[Process]) -> dict[str, str]:
    missing = [process for process in processes if process.name not in _prepared]
    if missing:
        directory = Path(tempfile.mkdtemp(prefix="weimin-event-pair-"))
        urls = {
            process.name: await create_test_database(f"prepared-{process.name}", directory)
            for process in missing
        }
        layout = Layout(var_dir=directory, database_urls=urls)
        for process in missing:
            size = _DEMO_SIZES.get(process.name, "none")
            await asyncio.to_thread(_prepare, layout, process, "--demo-size", size)
        _prepared.update(urls)
        atexit.register(_drop_prepared, urls, directory)
    return _prepared


def _drop_prepared(urls: dict[str, str], directory: Path) -> None:
    async def drop() -> None:
        for url in urls.values():
            await drop_test_database(url)

    asyncio.run(drop())
    shutil.rmtree(directory, ignore_errors=True)


_VOLUNTEERS = sa.table("volunteers", sa.column("id", sa.Uuid()), sa.column("account_id", sa.Uuid()))


async def _give_volunteers_accounts(consumer: Database, count: int) -> list[uuid.UUID]:
    """The demo city's volunteers have no login accounts but one; claimers of wishes are
    accounts, so give `count` of them one."""
    accounts = [uuid.uuid4() for _ in range(count)]
    async with consumer.sessionmaker() as session, session.begin():
        ids = (
            await session.scalars(
                sa.select(_VOLUNTEERS.c.id)
                .where(_VOLUNTEERS.c.account_id.is_(None))
                .order_by(_VOLUNTEERS.c.id)
                .limit(count)
            )
        ).all()
        for volunteer_id, account in zip(ids, accounts, strict=True):
            await session.execute(
                sa.update(_VOLUNTEERS)
                .where(_VOLUNTEERS.c.id == volunteer_id)
                .values(account_id=account)
            )
    return accounts


@asynccontextmanager
async def event_pair(
    var_dir: Path,
    transport: str,
    settings: dict[str, str] | None = None,
    processes: Sequence[Process] = (ORG_REGISTRY, WISHES, VOLUNTEERS, NOTIFICATIONS),
    claimers: int = CLAIMERS,
) -> AsyncIterator[EventPair]:
    """The org-registry and notifications run too: they are the other subscribers of
    wish-fulfilled events, and an event counts as published only when every subscriber has
    it."""
    prepared = await _prepared_databases(processes)
    urls = {p.name: await copy_test_database(prepared[p.name], p.name, var_dir) for p in processes}
    layout = Layout(
        var_dir=var_dir,
        ports={p.name: free_port() for p in SERVICES},
        database_urls=urls,
        extra_env={
            "WEIMIN_EVENTS_TRANSPORT": transport,
            "WEIMIN_EVENTS_NATS_STREAM_PREFIX": f"IT{uuid.uuid4().hex[:8]}",
            "WEIMIN_WISHES_RELEASE_SWEEP_SECONDS": "0",
            **(settings or {}),
        },
    )
    producer, consumer = Database.from_url(urls["wishes"]), Database.from_url(urls["volunteers"])
    supervisor = Supervisor(
        layout, processes, log_dir=var_dir / "logs", echo=False, report=lambda _line: None
    )
    try:
        accounts = await _give_volunteers_accounts(consumer, claimers)
        await supervisor.start()
        await supervisor.wait_ready(within_seconds=60)
        yield EventPair(layout, supervisor, producer, consumer, accounts)
    finally:
        await supervisor.stop()
        await producer.dispose()
        await consumer.dispose()
        for url in urls.values():
            await drop_test_database(url)
        if transport == "nats":
            env = layout.extra_env
            await _delete_streams(
                env.get("WEIMIN_EVENTS_NATS_URL", "nats://127.0.0.1:4222"),
                env["WEIMIN_EVENTS_NATS_STREAM_PREFIX"],
            )


async def _delete_streams(url: str, prefix: str) -> None:
    """Each run's streams carry its own prefix: left behind, they would pile up in the
    server's store run after run. Best effort: a server already gone keeps nothing."""
    with contextlib.suppress(Exception):
        client = await nats.connect(url, connect_timeout=2, max_reconnect_attempts=0)
        try:
            jetstream = client.jetstream(timeout=5)
            for process in SERVICES:
                with contextlib.suppress(Exception):  # a service that published nothing
                    await jetstream.delete_stream(stream_name(prefix, process.name))
        finally:
            await client.close()
