"""The NATS JetStream transport, for deployments beyond one machine.

- One stream per producing service, `<PREFIX>_<SERVICE>`, holding the subjects
  `<prefix>.<service>.<event type>`, stored on disk.
- Publishing waits for the JetStream ack and sets `Nats-Msg-Id` to the event id, so a
  relay that publishes an event twice (it died before marking it) stores it once within
  the stream's de-duplication window; consumers' inboxes absorb anything older.
- Each consuming service has one durable pull consumer per producer stream, named after
  itself: it resumes where it stopped after a restart of itself or of the server. Messages
  are acknowledged only after the inbox transaction commits. A message that keeps failing
  is kept in the consumer's dead letters after `max_attempts` and terminated.
"""

import asyncio
import contextlib
import logging
from collections.abc import Mapping, Sequence

import nats
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError

from weimin_kit.db import Database
from weimin_kit.events.envelope import CloudEvent, EnvelopeError, parse_event
from weimin_kit.events.inbox import (
    Handlers,
    InvalidPayload,
    apply_in_lanes,
    record_dead_letter,
)
from weimin_kit.events.metrics import EventMetrics
from weimin_kit.events.relay import RelayPolicy
from weimin_kit.events.transport import publish_each

log = logging.getLogger("weimin.events.nats")
DUPLICATE_WINDOW_SECONDS = 600.0
#: Messages taken and applied together (a transaction per lane, see apply_in_lanes).
FETCH_BATCH = 100


def stream_name(prefix: str, service: str) -> str:
    return f"{prefix}_{service}".upper().replace("-", "_")


def subject_root(prefix: str, service: str) -> str:
    return f"{prefix.lower()}.{service}"


async def connect(url: str) -> Client:
    """A connection that reconnects for ever: a restarted server is picked up again."""
    return await nats.connect(
        url,
        connect_timeout=2,
        reconnect_time_wait=0.5,
        max_reconnect_attempts=-1,
        allow_reconnect=True,
    )


class NatsTransport:
    def __init__(self, url: str, prefix: str, service: str, timeout_seconds: float = 10.0) -> None:
        self.url = url
        self.stream = stream_name(prefix, service)
        self.root = subject_root(prefix, service)
        self.timeout = timeout_seconds
        self._client: Client | None = None
        self._js: JetStreamContext | None = None
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        return None  # connects on first publish, so a server that is down delays only events

    async def _jetstream(self) -> JetStreamContext:
        async with self._lock:
            if self._js is None:
                client = await connect(self.url)
                js = client.jetstream(timeout=self.timeout)
                await ensure_stream(js, self.stream, f"{self.root}.>")
                self._client, self._js = client, js
            return self._js

    async def publish(self, event: CloudEvent) -> None:
        js = await self._jetstream()
        await js.publish(
            f"{self.root}.{event.type}",
            event.to_json(),
            stream=self.stream,
            headers={"Nats-Msg-Id": event.id},
            timeout=self.timeout,
        )

    async def publish_batch(self, events: Sequence[CloudEvent]) -> list[str | None]:
        return await publish_each(self, events)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = self._js = None


async def ensure_stream(js: JetStreamContext, name: str, subjects: str) -> None:
    config = StreamConfig(
        name=name,
        subjects=[subjects],
        storage=StorageType.FILE,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
    )
    try:
        await js.add_stream(config)
    except BadRequestError:
        await js.update_stream(config)  # it exists with other settings: bring it up to date


class NatsConsumer:
    """Pulls this service's events from each producer's stream and applies them."""

    def __init__(
        self,
        database: Database,
        handlers: Handlers,
        *,
        url: str,
        prefix: str,
        consumer: str,
        producers: Sequence[str],
        policy: RelayPolicy,
        metrics: EventMetrics | None = None,
        ack_wait_seconds: float = 10.0,
    ) -> None:
        self.database = database
        self.ack_wait = ack_wait_seconds
        self.handlers = handlers
        self.url = url
        self.prefix = prefix
        self.consumer = consumer
        self.producers = producers
        self.policy = policy
        self.metrics = metrics

    async def run_forever(self, stop: asyncio.Event) -> None:
        client: Client | None = None
        while not stop.is_set():
            try:
                client = await connect(self.url)
                js = client.jetstream(timeout=10)
                await asyncio.gather(
                    *(self._consume(js, producer, stop) for producer in self.producers)
                )
            except Exception:  # server down at start, stream not there yet: try again soon
                log.warning(
                    "NATS consumer %s is waiting for the server", self.consumer, exc_info=True
                )
                await _sleep_unless(stop, 1.0)
            finally:
                if client is not None:
                    await client.close()
                    client = None

    async def _consume(self, js: JetStreamContext, producer: str, stop: asyncio.Event) -> None:
        stream = stream_name(self.prefix, producer)
        await ensure_stream(js, stream, f"{subject_root(self.prefix, producer)}.>")
        subscription = await js.pull_subscribe(
            f"{subject_root(self.prefix, producer)}.>",
            durable=self.consumer,
            stream=stream,
            config=ConsumerConfig(
                durable_name=self.consumer,
                deliver_policy=DeliverPolicy.ALL,
                ack_policy=AckPolicy.EXPLICIT,
                ack_wait=self.ack_wait,
                max_ack_pending=1000,
            ),
        )
        while not stop.is_set():
            # nats-py times out with its own TimeoutError or, on some paths, with asyncio's
            # (the builtin, its base): a missed one restarted the consumer and left the
            # fetched message to come back after `ack_wait`, seconds late.
            try:
                messages = await subscription.fetch(batch=1, timeout=1.0)
            except TimeoutError:
                continue
            # Then whatever else is there already. One fetch of fifty would, once its
            # first message came, wait for all fifty or its whole timeout: at a trickle of
            # events, up to a second of latency for nothing.
            with contextlib.suppress(TimeoutError):
                messages += await subscription.fetch(batch=FETCH_BATCH - 1, timeout=0.02)
            await self._handle_batch(messages)

    async def _handle_batch(self, messages: list[Msg]) -> None:
        """A fetched batch applied in order per subject, a transaction per lane when it can be."""
        parsed: list[tuple[Msg, CloudEvent]] = []
        for message in messages:
            try:
                parsed.append((message, parse_event(message.data)))
            except EnvelopeError as exc:
                log.error("NATS message on %s is not a CloudEvent: %s", message.subject, exc)
                await message.term()
        events = [event for _, event in parsed]
        outcomes = await apply_in_lanes(self.database, self.handlers, events)
        for (message, event), outcome in zip(parsed, outcomes, strict=True):
            if isinstance(outcome, Exception):
                await self._failed(message, event, outcome)
                continue
            await message.ack()
            if self.metrics is not None:
                self.metrics.consumed.labels(event.type, outcome).inc()

    async def _failed(self, message: Msg, event: CloudEvent, error: Exception) -> None:
        """A passing failure (or a broken constraint, maybe a race) is retried later and
        dead-lettered after the last try; data that does not validate is dead-lettered by
        the inbox already, and terminated here: it would fail every time."""
        attempt = message.metadata.num_delivered or 1
        if isinstance(error, InvalidPayload):
            if self.metrics is not None:
                self.metrics.dead.labels(event.type, "consumer").inc()
            await message.term()
        elif attempt >= self.policy.max_attempts:
            await record_dead_letter(
                self.database, event, f"{type(error).__name__}: {error}", attempt
            )
            if self.metrics is not None:
                self.metrics.dead.labels(event.type, "consumer").inc()
            await message.term()
        else:
            await message.nak(delay=self.policy.backoff(attempt).total_seconds())


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


def producers_of(consumed: Mapping[str, Sequence[str]]) -> list[str]:
    return sorted(producer for producer, types in consumed.items() if types)
