"""The JetStream transport against the machine's NATS server (127.0.0.1:4222, or
WEIMIN_TEST_NATS_URL): publish with broker-side de-duplication, a durable consumer that
applies through the inbox, and dead letters for an event that keeps failing."""

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from events_support import fresh_database
from nats.js.errors import NotFoundError
from sqlalchemy import MetaData, select

from sample.app import NOTE_CREATED, Tally, sample_handlers
from weimin_kit.db import Database
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.nats import NatsConsumer, NatsTransport, connect, stream_name
from weimin_kit.events.relay import RelayPolicy
from weimin_kit.tables import dead_letter_table

NATS_URL = os.environ.get("WEIMIN_TEST_NATS_URL", "nats://127.0.0.1:4222")
POLICY = RelayPolicy(max_attempts=3, backoff_base_seconds=0.05, backoff_cap_seconds=0.1)


@pytest_asyncio.fixture
async def prefix() -> AsyncIterator[str]:
    """A stream prefix of this test's own; its stream is deleted afterwards."""
    name = f"T{uuid.uuid4().hex[:10]}"
    yield name
    client = await connect(NATS_URL)
    try:
        with contextlib.suppress(NotFoundError):  # the test may not have created it
            await client.jetstream().delete_stream(stream_name(name, "sample"))
    finally:
        await client.close()


@pytest_asyncio.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    async for database in fresh_database("kit-nats", tmp_path):
        yield database


def event(title: object, event_id: str | None = None) -> CloudEvent:
    return CloudEvent(
        specversion="1.0",
        id=event_id or uuid.uuid4().hex,
        source="/weimin/sample",
        type=NOTE_CREATED,
        subject="s",
        data={"title": title},
    )


async def tallies(database: Database) -> dict[str, int]:
    async with database.sessionmaker() as session:
        return {t.title: t.count for t in (await session.scalars(select(Tally))).all()}


async def wait_for(condition: object, seconds: float = 15.0) -> None:
    assert callable(condition)
    for _ in range(int(seconds / 0.05)):
        if await condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached in time")


async def test_published_events_reach_the_durable_consumer_once(
    prefix: str, database: Database
) -> None:
    transport = NatsTransport(NATS_URL, prefix, "sample")
    repeated = event("harbour", event_id="same-id")
    await transport.publish(repeated)
    await transport.publish(repeated)  # the relay died before marking it published
    await transport.publish(event("lantern"))
    info = await transport._js.stream_info(stream_name(prefix, "sample"))  # type: ignore[union-attr]
    assert info.state.messages == 2  # de-duplicated by Nats-Msg-Id at the broker

    consumer = NatsConsumer(
        database,
        sample_handlers(None),
        url=NATS_URL,
        prefix=prefix,
        consumer="sample",
        producers=["sample"],
        policy=POLICY,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run_forever(stop))
    try:
        await wait_for(lambda: _equals(tallies(database), {"harbour": 1, "lantern": 1}))
        # The consumer is durable: events published while it is away arrive when it is back.
        stop.set()
        await task
        await transport.publish(event("harbour"))
        stop = asyncio.Event()
        task = asyncio.create_task(consumer.run_forever(stop))
        await wait_for(lambda: _equals(tallies(database), {"harbour": 2, "lantern": 1}))
    finally:
        stop.set()
        await task
        await transport.close()


async def test_an_event_whose_data_does_not_validate_is_dead_lettered_at_once_and_others_flow(
    prefix: str, database: Database
) -> None:
    transport = NatsTransport(NATS_URL, prefix, "sample")
    poison = event("", event_id="poison-event")  # fails the payload schema every time
    await transport.publish(poison)
    await transport.publish(event("after-the-poison"))
    consumer = NatsConsumer(
        database,
        sample_handlers(None),
        url=NATS_URL,
        prefix=prefix,
        consumer="sample",
        producers=["sample"],
        policy=POLICY,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run_forever(stop))
    dead = dead_letter_table(MetaData())
    try:
        await wait_for(lambda: _equals(tallies(database), {"after-the-poison": 1}))

        async def dead_letter_kept() -> bool:
            async with database.sessionmaker() as session:
                return (await session.scalar(select(dead.c.attempts))) is not None

        await wait_for(dead_letter_kept)
        # Terminated, not retried: no redelivery comes after the backoff.
        await asyncio.sleep(POLICY.backoff_cap_seconds + 0.5)
    finally:
        stop.set()
        await task
        await transport.close()
    async with database.sessionmaker() as session:
        letter = (await session.execute(select(dead))).one()
    assert letter.id == "poison-event"
    assert letter.attempts == 1  # refused at its first delivery, not after every retry
    assert "does not match" in letter.error
    assert "title" in letter.error  # the field, never its value


async def _equals(awaitable: object, expected: object) -> bool:
    return await awaitable == expected  # type: ignore[misc]


class _FetchThatTimesOutLikeAsyncio:
    """A pull subscription whose top-up fetch ends with asyncio's TimeoutError, as
    nats-py's does when its deadline has passed before the second pull request."""

    def __init__(self, stop: asyncio.Event) -> None:
        self.stop = stop
        self.fetches = 0

    async def fetch(self, batch: int, timeout: float) -> list[str]:  # noqa: ASYNC109 (its API)
        self.fetches += 1
        if self.fetches == 1:
            return ["first message"]
        if self.fetches == 2:
            raise TimeoutError  # the builtin, not nats.errors.TimeoutError
        self.stop.set()
        raise TimeoutError


async def test_a_top_up_fetch_timing_out_still_applies_the_message_in_hand() -> None:
    stop = asyncio.Event()
    subscription = _FetchThatTimesOutLikeAsyncio(stop)

    class FakeJetStream:
        async def add_stream(self, _config: object) -> None:
            return None

        async def pull_subscribe(self, *_args: object, **_kwargs: object) -> object:
            return subscription

    consumer = NatsConsumer(
        Database.__new__(Database),
        sample_handlers(None),
        url=NATS_URL,
        prefix="T",
        consumer="sample",
        producers=["sample"],
        policy=POLICY,
    )
    handled: list[list[str]] = []

    async def handle(messages: list[str]) -> None:
        handled.append(messages)

    consumer._handle_batch = handle  # type: ignore[assignment,method-assign]
    await consumer._consume(FakeJetStream(), "sample", stop)  # type: ignore[arg-type]
    assert handled == [["first message"]]
