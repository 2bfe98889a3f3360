"""Events between real processes survive crashes: the consumer killed mid-stream, the
producer killed between its commit and the publication, poison among good events, and
(on NATS) the broker restarted. Every run ends with exactly one effect per event."""

import asyncio
import random
import time
from pathlib import Path

import pytest
from event_pair import VOLUNTEERS, WISHES, event_pair, until
from nats_server import private_nats

from weimin_kit.testing.databases import backend

# On PostgreSQL, as in production: CI runs every test on both databases and these take
# about four minutes a pass. The relay, transports and inbox they drive are tested on both
# databases in libs/kit/tests (test_events_*.py).
pytestmark = pytest.mark.skipif(
    backend() != "postgresql", reason="multi-process delivery tests run on PostgreSQL"
)

TRANSPORTS = ["http", "nats"]
EVENTS = 1000


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_the_consumer_killed_three_times_while_1000_events_flow_applies_each_once(
    tmp_path: Path, transport: str
) -> None:
    async with event_pair(tmp_path, transport) as pair:
        flow = asyncio.create_task(pair.inject(EVENTS, per_second=100))
        # Three random moments, one in each third of the stream.
        kill_points = sorted(random.randint(lo, lo + 200) for lo in (100, 400, 700))
        for point in kill_points:
            await until(lambda point=point: pair.reached(point), 120, f"{point} applied")
            await pair.kill(VOLUNTEERS)
        last_restart = time.monotonic()
        sent = await flow
        await pair.wait_applied(EVENTS, within_seconds=60)
        drain_seconds = time.monotonic() - last_restart

        assert len(sent) == EVENTS
        assert await pair.applied() == EVENTS  # none lost, none doubled
        assert await pair.totals_match_a_recount()
        assert pair.supervisor.restarts_of("volunteers") == 3
        assert drain_seconds <= 30, f"drained {drain_seconds:.1f} s after the last restart"
        await until(lambda: pair.all_published(EVENTS), 20, "every event marked published")


# Over HTTP only: what is tested is the relay finding the unpublished row when the
# producer starts again, the same code on both transports; publishing over NATS is the
# kill and broker-restart tests' business.
async def test_an_event_committed_just_before_the_producer_dies_is_delivered_after_restart(
    tmp_path: Path,
) -> None:
    transport = "http"
    # The relay looks for work once at start, then every 30 s: a commit in between is
    # still unpublished when the producer is killed.
    slow_relay = {"WEIMIN_WISHES_EVENTS_POLL_SECONDS": "30"}
    async with event_pair(tmp_path, transport, slow_relay) as pair:
        await asyncio.sleep(0.5)  # past the relay's first look
        await pair.inject(1)
        assert await pair.outbox_states() == {"pending": 1}
        await pair.kill(WISHES)
        await pair.wait_applied(1, within_seconds=20)

        await until(lambda: pair.all_published(1), 20, "the event marked published")
        assert pair.supervisor.restarts_of("wishes") == 1


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_poison_event_lands_in_dead_letters_after_its_attempts_and_the_rest_flow(
    tmp_path: Path, transport: str
) -> None:
    quick_retries = {
        "WEIMIN_EVENTS_MAX_ATTEMPTS": "3",
        "WEIMIN_EVENTS_BACKOFF_BASE_SECONDS": "0.1",
        "WEIMIN_EVENTS_BACKOFF_CAP_SECONDS": "0.2",
    }
    async with event_pair(tmp_path, transport, quick_retries) as pair:
        good = await pair.inject(60, poison=1)
        await pair.wait_applied(len(good), within_seconds=30)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            dead = (
                (await pair.outbox_states()).get("dead", 0)
                if transport == "http"
                else await pair.consumer_dead_letters()
            )
            if dead:
                break
            await asyncio.sleep(0.1)
        assert dead == 1
        # The consumer keeps it too, on either transport, from its first delivery.
        assert await pair.consumer_dead_letters() == 1
        assert await pair.applied() == len(good) == 59
        assert await pair.totals_match_a_recount()


async def test_nats_restarted_mid_stream_loses_nothing(tmp_path: Path) -> None:
    with private_nats(tmp_path / "jetstream") as nats:
        await nats.wait_listening()
        async with event_pair(tmp_path, "nats", {"WEIMIN_EVENTS_NATS_URL": nats.url}) as pair:
            flow = asyncio.create_task(pair.inject(EVENTS, per_second=100))
            point = random.randint(200, 500)
            await until(lambda: pair.reached(point), 120, f"{point} applied")
            nats.stop()
            await asyncio.sleep(1.0)  # events keep committing while the broker is away
            nats.start()
            await nats.wait_listening()
            await flow
            await pair.wait_applied(EVENTS, within_seconds=60)
            assert await pair.applied() == EVENTS
            assert await pair.totals_match_a_recount()
            await until(lambda: pair.all_published(EVENTS), 20, "every event marked published")
