"""The HTTP transport, the embedded default: the relay POSTs events to every service
subscribed to their type, at `<peer>/v1/events`: a relay pass's events in one request per
subscriber, in CloudEvents' batched JSON mode (`application/cloudevents-batch+json`, an
array of structured events, applied in order), answered 200 with each event's outcome; a
single structured event (`application/cloudevents+json`) is answered 204 or a problem.

The service credential is a Standard Webhooks signature (`webhook-id`,
`webhook-timestamp`, `webhook-signature`: HMAC-SHA256 over id, timestamp and body with the
deployment's shared events secret). The receiver refuses unsigned, wrongly signed and
stale (over five minutes) deliveries, so nobody outside the platform can inject events.
"""

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
from fastapi import APIRouter, Request, Response
from pydantic import ValidationError
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from weimin_kit.db import Database
from weimin_kit.errors import Problem
from weimin_kit.events.envelope import CONTENT_TYPE, CloudEvent, EnvelopeError, parse_event
from weimin_kit.events.inbox import Handlers, PoisonEvent, apply_event, apply_in_lanes
from weimin_kit.events.metrics import EventMetrics
from weimin_kit.events.transport import DeliveryFailed, failure_text
from weimin_kit.problems import problems

log = logging.getLogger("weimin.events.http")

EVENTS_PATH = "/v1/events"
BATCH_CONTENT_TYPE = "application/cloudevents-batch+json"
#: Events in one batched request (a relay pass holds up to `events_batch_size`).
MAX_EVENTS_PER_REQUEST = 100
DELIVERIES_IN_FLIGHT = 16


class HttpTransport:
    def __init__(
        self,
        client: httpx.AsyncClient,
        peers: Mapping[str, str],
        subscribers_of: Callable[[str], Sequence[str]],
        secret: str,
        timeout_seconds: float = 10.0,
    ) -> None:
        self.client = client
        self.peers = peers
        self.subscribers_of = subscribers_of
        self.webhook = Webhook(secret)
        self.timeout = timeout_seconds
        # Deliveries in flight at once, across subscribers: a relay batch of a hundred
        # events all at once would queue in the client's pool and the subscriber's
        # database pool anyway, and open a connection each.
        self._in_flight = asyncio.Semaphore(DELIVERIES_IN_FLIGHT)

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def publish(self, event: CloudEvent) -> None:
        """Deliver to every subscriber at once; any failure fails the whole event, which is
        then retried to all of them (the ones that had it answer "duplicate")."""
        body = event.to_json()
        services = self.subscribers_of(event.type)
        results = await asyncio.gather(
            *(self._deliver(service, event.id, body) for service in services),
            return_exceptions=True,
        )
        failures = [str(result) for result in results if isinstance(result, BaseException)]
        if failures:
            raise DeliveryFailed("; ".join(failures))

    async def publish_batch(self, events: Sequence[CloudEvent]) -> list[str | None]:
        """One batched request per subscriber (and per hundred events), all at once; an
        event fails when any of its subscribers did not take it."""
        failures: list[list[str]] = [[] for _ in events]
        subscribers = [self.subscribers_of(event.type) for event in events]
        requests: list[tuple[str, list[int]]] = []
        for service in sorted({service for names in subscribers for service in names}):
            positions = [n for n, names in enumerate(subscribers) if service in names]
            for start in range(0, len(positions), MAX_EVENTS_PER_REQUEST):
                requests.append((service, positions[start : start + MAX_EVENTS_PER_REQUEST]))

        async def deliver(service: str, positions: list[int]) -> None:
            try:
                errors = await self._deliver_batch(service, [events[n] for n in positions])
            except DeliveryFailed as exc:
                errors = [str(exc)] * len(positions)
            for position, error in zip(positions, errors, strict=True):
                if error is not None:
                    failures[position].append(error)

        await asyncio.gather(*(deliver(service, positions) for service, positions in requests))
        return ["; ".join(errors) if errors else None for errors in failures]

    async def _deliver_batch(self, service: str, batch: Sequence[CloudEvent]) -> list[str | None]:
        base = self.peers.get(service)
        if base is None:
            raise DeliveryFailed(f"no address configured for subscriber {service!r}")
        body = orjson.dumps([event.model_dump(mode="json", exclude_none=True) for event in batch])
        delivery_id = f"batch_{batch[0].id}_{len(batch)}"
        try:
            async with self._in_flight:
                response = await self.client.post(
                    base.rstrip("/") + EVENTS_PATH,
                    content=body,
                    headers={
                        "content-type": BATCH_CONTENT_TYPE,
                        **self._signature(delivery_id, body),
                    },
                    timeout=self.timeout,
                )
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"{service}: {type(exc).__name__}: {exc}") from exc
        if response.status_code >= 300:
            raise DeliveryFailed(
                f"{service} answered {response.status_code}: {response.text[:300]}"
            )
        try:
            answered = {result["id"]: result.get("error") for result in response.json()["results"]}
        except (ValueError, KeyError, TypeError) as exc:
            raise DeliveryFailed(f"{service} answered a batch without results") from exc
        return [
            None
            if event.id in answered and answered[event.id] is None
            else f"{service}: {answered.get(event.id) or 'no result for the event'}"
            for event in batch
        ]

    async def _deliver(self, service: str, event_id: str, body: bytes) -> None:
        base = self.peers.get(service)
        if base is None:
            raise DeliveryFailed(f"no address configured for subscriber {service!r}")
        try:
            async with self._in_flight:
                response = await self.client.post(
                    base.rstrip("/") + EVENTS_PATH,
                    content=body,
                    headers={"content-type": CONTENT_TYPE, **self._signature(event_id, body)},
                    timeout=self.timeout,
                )
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"{service}: {type(exc).__name__}: {exc}") from exc
        if response.status_code >= 300:
            answer = f"{response.status_code}: {response.text[:300]}"
            raise DeliveryFailed(f"{service} answered {answer}")

    def _signature(self, event_id: str, body: bytes) -> dict[str, str]:
        now = datetime.now(UTC)
        return {
            "webhook-id": event_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": self.webhook.sign(event_id, now, body.decode()),
        }


class EventSignatureInvalid(Problem):
    status_code = 401
    code = "event-signature-invalid"
    title = "The event delivery is not signed with this platform's events secret"
    title_zh = "事件投递未使用本平台的事件密钥签名"


class EventRejected(Problem):
    status_code = 422
    code = "event-rejected"
    title = "The event cannot be applied"
    title_zh = "无法应用该事件"


def events_router(
    handlers: Callable[[Request], Handlers],
    secret: Callable[[Request], str],
    metrics: Callable[[Request], EventMetrics | None],
) -> APIRouter:
    """`POST /v1/events`: verify, apply through the inbox, answer 204 (also for a repeat
    or a type this service does not consume), 401 unsigned, 422 poison."""
    router = APIRouter(tags=["events"], include_in_schema=False)

    @router.post(
        EVENTS_PATH, status_code=204, responses=problems(EventSignatureInvalid, EventRejected)
    )
    async def receive_event(request: Request) -> Response:
        body = await request.body()
        try:
            Webhook(secret(request)).verify(body, dict(request.headers))
        except WebhookVerificationError as exc:
            raise EventSignatureInvalid(str(exc)) from exc
        database: Database = request.app.state.database
        recorder = metrics(request)
        if request.headers.get("content-type", "").startswith(BATCH_CONTENT_TYPE):
            results = await _apply_batch(database, handlers(request), recorder, body)
            return Response(orjson.dumps({"results": results}), media_type="application/json")
        try:
            event = parse_event(body)
        except EnvelopeError as exc:
            raise EventRejected(str(exc)) from exc
        try:
            outcome = await apply_event(database, handlers(request), event)
        except PoisonEvent as exc:
            raise EventRejected(str(exc)) from exc
        if recorder is not None:
            recorder.consumed.labels(event.type, outcome).inc()
        return Response(status_code=204)

    return router


async def _apply_batch(
    database: Database, handlers: Handlers, recorder: EventMetrics | None, body: bytes
) -> list[dict[str, Any]]:
    """Each event of a batched delivery applied, in order per subject (apply_in_lanes): its
    outcome, or why it was not applied (the relay retries those, and only those)."""
    try:
        items = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise EventRejected(f"body: not JSON: {exc}") from exc
    if not isinstance(items, list):
        raise EventRejected("body: a batch is a JSON array of events")
    results: list[dict[str, Any]] = []
    events: list[CloudEvent] = []
    for item in items:
        try:
            events.append(CloudEvent.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "event"
            known = item.get("id") if isinstance(item, dict) else None
            results.append({"id": known, "error": f"rejected: {where}: {first['msg']}"})
    outcomes = await apply_in_lanes(database, handlers, events)
    for event, outcome in zip(events, outcomes, strict=True):
        if isinstance(outcome, PoisonEvent):
            results.append({"id": event.id, "error": f"rejected: {outcome}"})
        elif isinstance(outcome, Exception):  # a passing failure (the database)
            log.warning("event %s (%s) not applied: %s", event.id, event.type, outcome)
            results.append({"id": event.id, "error": failure_text(outcome)})
        else:
            if recorder is not None:
                recorder.consumed.labels(event.type, outcome).inc()
            results.append({"id": event.id, "outcome": outcome})
    return results
