"""Wiring a service into the event machinery, from its lifespan.

A service declares an `EventWiring`: its name, who subscribes to which type (to address
HTTP deliveries), and the handlers of the types it consumes with their producers (to bind
NATS consumers). `event_runtime` then runs, per the settings, the outbox relay and — on
NATS — the consumers, as background tasks that stop with the process.
"""

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from fastapi import FastAPI

from weimin_kit.events.http import HttpTransport
from weimin_kit.events.inbox import Handlers
from weimin_kit.events.metrics import EventMetrics
from weimin_kit.events.nats import NatsConsumer, NatsTransport, producers_of
from weimin_kit.events.relay import OutboxRelay, RelayPolicy
from weimin_kit.events.transport import Transport
from weimin_kit.settings import ServiceSettings


def _no_subscribers(_type: str) -> Sequence[str]:
    return ()


@dataclass(frozen=True)
class EventWiring:
    service: str
    #: event type -> the services that consume it (HTTP deliveries go to each).
    subscribers_of: Callable[[str], Sequence[str]] = _no_subscribers
    #: producing service -> the event types this service consumes from it.
    consumes: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: built at startup, so handlers can close over the app's settings and clock.
    handlers: Callable[[FastAPI], Handlers] = lambda _app: {}


def relay_policy(settings: ServiceSettings) -> RelayPolicy:
    return RelayPolicy(
        batch_size=settings.events_batch_size,
        max_attempts=settings.events_max_attempts,
        backoff_base_seconds=settings.events_backoff_base_seconds,
        backoff_cap_seconds=settings.events_backoff_cap_seconds,
        lease_seconds=settings.events_lease_seconds,
        poll_seconds=settings.events_poll_seconds,
        linger_seconds=settings.events_linger_seconds,
        keep_published_days=settings.events_keep_published_days,
    )


def build_transport(app: FastAPI, settings: ServiceSettings, wiring: EventWiring) -> Transport:
    if settings.events_transport == "nats":
        return NatsTransport(
            settings.events_nats_url,
            settings.events_nats_stream_prefix,
            wiring.service,
            settings.events_delivery_timeout_seconds,
        )
    return HttpTransport(
        app.state.http,
        settings.events_peers,
        wiring.subscribers_of,
        settings.secret("events_secret"),
        settings.events_delivery_timeout_seconds,
    )


@asynccontextmanager
async def event_runtime(app: FastAPI, wiring: EventWiring) -> AsyncIterator[None]:
    settings: ServiceSettings = app.state.settings
    metrics = EventMetrics(app.state.metrics_registry)
    app.state.event_metrics = metrics
    app.state.event_handlers = wiring.handlers(app)
    if settings.events_transport == "none":
        yield
        return
    stop = asyncio.Event()
    policy = relay_policy(settings)
    tasks: list[asyncio.Task[None]] = []
    transport = build_transport(app, settings, wiring)
    await transport.start()
    if settings.events_relay:
        relay = OutboxRelay(app.state.database, transport, policy, metrics)
        app.state.outbox_relay = relay
        tasks.append(asyncio.create_task(relay.run_forever(stop), name="outbox-relay"))
    producers = producers_of(wiring.consumes)
    if settings.events_transport == "nats" and producers:
        consumer = NatsConsumer(
            app.state.database,
            app.state.event_handlers,
            url=settings.events_nats_url,
            prefix=settings.events_nats_stream_prefix,
            consumer=wiring.service,
            producers=producers,
            policy=policy,
            metrics=metrics,
            ack_wait_seconds=settings.events_nats_ack_wait_seconds,
        )
        tasks.append(asyncio.create_task(consumer.run_forever(stop), name="nats-consumer"))
    try:
        yield
    finally:
        stop.set()  # let a publish in flight finish and be marked, then cut the rest
        if tasks:
            _done, running = await asyncio.wait(tasks, timeout=2.0)
            for task in running:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        await transport.close()
