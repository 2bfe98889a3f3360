"""The outbox relay against a real database: order per subject, backoff, dead letters,
redelivery, leases, and two relays sharing one outbox without publishing twice."""

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from events_support import RecordingTransport, fresh_database, outbox_rows, record
from prometheus_client import CollectorRegistry
from sqlalchemy import MetaData, update

from weimin_kit.db import Database
from weimin_kit.events.admin import outbox_status, redeliver_outbox
from weimin_kit.events.metrics import EventMetrics
from weimin_kit.events.relay import OutboxRelay, RelayPolicy
from weimin_kit.tables import outbox_table
from weimin_kit.types import utcnow

OUTBOX = outbox_table(MetaData())

FAST = RelayPolicy(
    batch_size=50,
    max_attempts=3,
    backoff_base_seconds=0.01,
    backoff_cap_seconds=0.02,
    lease_seconds=30,
    poll_seconds=0.01,
)


@pytest_asyncio.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    async for database in fresh_database("kit-relay", tmp_path):
        yield database


async def drain(relay: OutboxRelay, passes: int = 50) -> None:
    for _ in range(passes):
        if await relay.run_once() == 0:
            return
    raise AssertionError("the relay never ran out of work")


async def test_events_are_published_once_each_in_order_per_subject(database: Database) -> None:
    recorded: dict[str, list[str]] = {"a": [], "b": [], "c": []}
    for n in range(5):
        for subject in recorded:
            recorded[subject].append(str(await record(database, subject, f"{subject}{n}")))
    transport = RecordingTransport()
    await drain(OutboxRelay(database, transport, FAST))

    seen: dict[str, list[str]] = {"a": [], "b": [], "c": []}
    for event in transport.delivered:
        assert event.subject is not None
        seen[event.subject].append(event.id)
    assert seen == recorded
    rows = await outbox_rows(database)
    assert {row["state"] for row in rows.values()} == {"published"}
    assert all(row["published_at"] is not None for row in rows.values())


async def test_a_failing_event_holds_back_its_subject_only(database: Database) -> None:
    first = await record(database, "stuck", "s1")
    second = await record(database, "stuck", "s2")
    other = await record(database, "free", "f1")
    transport = RecordingTransport(refuse=lambda event: event.subject == "stuck")
    relay = OutboxRelay(database, transport, RelayPolicy(max_attempts=5, backoff_base_seconds=60))

    assert await relay.run_once() == 2  # the head of each subject
    assert await relay.run_once() == 0  # "stuck" backs off; its second event must wait

    rows = await outbox_rows(database)
    assert [event.id for event in transport.delivered] == [str(other)]
    assert rows[first]["state"] == "pending"
    assert rows[first]["attempts"] == 1
    assert rows[first]["next_attempt_at"] is not None
    assert "refused for the test" in rows[first]["last_error"]
    assert rows[second]["attempts"] == 0


async def test_an_event_is_dead_after_its_attempts_and_redelivery_revives_it(
    database: Database,
) -> None:
    poison = await record(database, "p", "poison")
    healthy = await record(database, "h", "fine")
    refusing = True
    transport = RecordingTransport(refuse=lambda event: refusing and event.subject == "p")
    registry = CollectorRegistry()
    relay = OutboxRelay(database, transport, FAST, EventMetrics(registry))
    for _ in range(20):
        await relay.run_once()
        await asyncio.sleep(0.03)  # past the backoff
        if (await outbox_rows(database))[poison]["state"] == "dead":
            break
    rows = await outbox_rows(database)
    assert rows[poison]["state"] == "dead"
    assert rows[poison]["attempts"] == FAST.max_attempts
    assert rows[healthy]["state"] == "published"
    note_type = {"type": "cn.weimin.note.created.v1"}
    outbox_side = note_type | {"side": "outbox"}
    dead_count = registry.get_sample_value("events_dead_letters_total", outbox_side)
    assert dead_count == 1
    retries = registry.get_sample_value("events_publish_retries_total", note_type)
    assert retries == FAST.max_attempts - 1
    status = await outbox_status(database)
    assert status["outbox"] == {"pending": 0, "published": 1, "dead": 1}
    assert status["dead_events"][0]["id"] == str(poison)

    refusing = False
    assert await redeliver_outbox(database, [str(poison)]) == 1
    await drain(relay)
    assert (await outbox_rows(database))[poison]["state"] == "published"
    assert [event.id for event in transport.delivered].count(str(poison)) == 1


async def test_a_leased_event_waits_for_its_lease_to_expire(database: Database) -> None:
    event_id = await record(database, "x", "leased")
    crashed = OutboxRelay(database, RecordingTransport(), RelayPolicy(lease_seconds=0.3))
    assert len(await crashed._claim()) == 1  # claimed, then the relay "dies"

    transport = RecordingTransport()
    successor = OutboxRelay(database, transport, FAST)
    assert await successor.run_once() == 0
    await asyncio.sleep(0.4)
    assert await successor.run_once() == 1
    assert [event.id for event in transport.delivered] == [str(event_id)]


async def test_two_relays_share_the_outbox_without_publishing_twice(database: Database) -> None:
    ids = {str(await record(database, f"s{n % 40}", f"t{n}")) for n in range(200)}
    transport = RecordingTransport()
    transport.delay = 0.002  # keep publishes in flight while the other relay claims
    second_database = Database.from_url(str(database.engine.url.render_as_string(False)))
    relays = [
        OutboxRelay(database, transport, RelayPolicy(batch_size=10, poll_seconds=0.01)),
        OutboxRelay(second_database, transport, RelayPolicy(batch_size=10, poll_seconds=0.01)),
    ]
    stop = asyncio.Event()
    tasks = [asyncio.create_task(relay.run_forever(stop)) for relay in relays]
    try:
        for _ in range(300):
            if len(transport.delivered) >= len(ids):
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await asyncio.gather(*tasks)
        await second_database.dispose()
    delivered = [event.id for event in transport.delivered]
    assert sorted(delivered) == sorted(ids)  # every event, none twice


async def test_lag_and_pending_are_measured(database: Database) -> None:
    await record(database, "m", "waiting")
    registry = CollectorRegistry()
    relay = OutboxRelay(
        database, RecordingTransport(refuse=lambda _e: True), FAST, EventMetrics(registry)
    )
    await asyncio.sleep(0.05)
    await relay.observe()
    assert registry.get_sample_value("events_outbox_pending") == 1
    lag = registry.get_sample_value("events_outbox_lag_seconds")
    assert lag is not None
    assert lag >= 0.05


@pytest.mark.parametrize("attempts", [1, 3, 10])
def test_backoff_grows_with_jitter_under_the_cap(attempts: int) -> None:
    policy = RelayPolicy(backoff_base_seconds=0.5, backoff_cap_seconds=60)
    step = min(60, 0.5 * 2 ** (attempts - 1))
    delays = {policy.backoff(attempts).total_seconds() for _ in range(50)}
    assert all(step / 2 <= delay <= step for delay in delays)
    assert len(delays) > 1  # jittered, not one fixed value


async def test_published_events_past_their_retention_are_pruned_and_dead_ones_kept(
    database: Database,
) -> None:
    published = await record(database, "old", "published long ago")
    dead = await record(database, "bad", "dead long ago")
    fresh = await record(database, "new", "published just now")
    relay = OutboxRelay(database, RecordingTransport(), RelayPolicy(keep_published_days=1))
    await drain(relay)
    long_ago = utcnow() - timedelta(days=2)
    async with database.sessionmaker() as session, session.begin():
        await session.execute(
            update(OUTBOX).where(OUTBOX.c.id.in_([published, dead])).values(published_at=long_ago)
        )
        await session.execute(update(OUTBOX).where(OUTBOX.c.id == dead).values(state="dead"))
    assert await relay.prune() == 1
    assert set(await outbox_rows(database)) == {dead, fresh}
