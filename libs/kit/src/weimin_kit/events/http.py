"""The HTTP transport, the embedded default: the relay POSTs each event to every service
subscribed to its type, at `<peer>/v1/events`, as structured CloudEvents JSON.

The service credential is a Standard Webhooks signature (`webhook-id`,
`webhook-timestamp`, `webhook-signature`: HMAC-SHA256 over id, timestamp and body with the
deployment's shared events secret). The receiver refuses unsigned, wrongly signed and
stale (over five minutes) deliveries, so nobody outside the platform can inject events.
"""

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

import httpx
from fastapi import APIRouter, Request, Response
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from weimin_kit.db import Database
from weimin_kit.errors import Problem
from weimin_kit.events.envelope import CONTENT_TYPE, CloudEvent, EnvelopeError, parse_event
from weimin_kit.events.inbox import Handlers, PoisonEvent, apply_event
from weimin_kit.events.metrics import EventMetrics
from weimin_kit.events.transport import DeliveryFailed

EVENTS_PATH = "/v1/events"


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

    async def _deliver(self, service: str, event_id: str, body: bytes) -> None:
        base = self.peers.get(service)
        if base is None:
            raise DeliveryFailed(f"no address configured for subscriber {service!r}")
        try:
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


class EventRejected(Problem):
    status_code = 422
    code = "event-rejected"
    title = "The event cannot be applied"


def events_router(
    handlers: Callable[[Request], Handlers],
    secret: Callable[[Request], str],
    metrics: Callable[[Request], EventMetrics | None],
) -> APIRouter:
    """`POST /v1/events`: verify, apply through the inbox, answer 204 (also for a repeat
    or a type this service does not consume), 401 unsigned, 422 poison."""
    router = APIRouter(tags=["events"], include_in_schema=False)

    @router.post(EVENTS_PATH, status_code=204)
    async def receive_event(request: Request) -> Response:
        body = await request.body()
        try:
            Webhook(secret(request)).verify(body, dict(request.headers))
        except WebhookVerificationError as exc:
            raise EventSignatureInvalid(str(exc)) from exc
        try:
            event = parse_event(body)
        except EnvelopeError as exc:
            raise EventRejected(str(exc)) from exc
        database: Database = request.app.state.database
        try:
            outcome = await apply_event(database, handlers(request), event)
        except PoisonEvent as exc:
            raise EventRejected(str(exc)) from exc
        recorder = metrics(request)
        if recorder is not None:
            recorder.consumed.labels(event.type, outcome).inc()
        return Response(status_code=204)

    return router
