"""A partner client revoked in org-registry receives nothing more: the grid applies the
`partner_client.revoked` event through its inbox, disables the client's subscriptions and
cancels what was waiting for them; another client's deliveries go on as before."""

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import report
from sqlalchemy import select
from test_webhooks import EVENTS, HAZARD, POLICY, run_until

from weimin_events.payloads import PartnerClientRevoked
from weimin_grid.webhooks.dispatch import dispatch_once
from weimin_grid.webhooks.models import WebhookDelivery, WebhookSubscription
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.inbox import apply_event
from weimin_kit.testing.webhook_receiver import Receiver, running_receiver
from weimin_kit.types import utcnow

REVOKED, KEPT = "pc-revoked", "pc-kept"


def revoked_event(client_id: str, at: datetime) -> CloudEvent:
    return CloudEvent(
        specversion="1.0",
        id=uuid.uuid4().hex,
        source="/weimin/org-registry",
        type=PartnerClientRevoked.event_type,
        subject=client_id,
        data={"client_id": client_id, "revoked_at": at.isoformat()},
    )


async def subscribe(
    client: httpx.AsyncClient, callers: Callers, receiver: Receiver, partner: str
) -> dict[str, Any]:
    response = await client.post(
        "/integration/v1/webhooks",
        json={"url": receiver.url},
        headers=callers.partner(scopes=EVENTS, client=partner),
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    receiver.secrets.append(created["secret"])
    return created


async def rows(app: FastAPI) -> list[tuple[Any, ...]]:
    """Every subscription and delivery as stored, to tell that nothing changed."""
    async with app.state.database.sessionmaker() as session:
        subscriptions = await session.execute(
            select(WebhookSubscription.id, WebhookSubscription.disabled_at)
        )
        deliveries = await session.execute(
            select(WebhookDelivery.id, WebhookDelivery.state, WebhookDelivery.last_error)
        )
        return sorted(map(tuple, [*subscriptions.all(), *deliveries.all()]), key=str)


async def test_a_revoked_clients_subscriptions_stop_and_anothers_go_on(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    with running_receiver() as revoked_end, running_receiver() as kept_end:
        first = await subscribe(client, callers, revoked_end, REVOKED)
        second = await subscribe(client, callers, revoked_end, REVOKED)
        kept = await subscribe(client, callers, kept_end, KEPT)
        incident = await report(client, callers.admin(), "A", **HAZARD)
        revoked_at = utcnow().replace(microsecond=0)

        event = revoked_event(REVOKED, revoked_at)
        handlers = app.state.event_handlers
        assert await apply_event(app.state.database, handlers, event) == "applied"
        await run_until(app, utcnow(), utcnow() + timedelta(minutes=5), step_seconds=60)

        assert revoked_end.arrivals == []
        assert [p["data"]["incident_id"] for _, p in kept_end.kept] == [incident["id"]]
        listed = await client.get(
            "/integration/v1/webhooks", headers=callers.partner(scopes=EVENTS, client=REVOKED)
        )
        disabled = {s["id"]: datetime.fromisoformat(s["disabled_at"]) for s in listed.json()}
        assert disabled == {first["id"]: revoked_at, second["id"]: revoked_at}
        still = await client.get(
            "/integration/v1/webhooks", headers=callers.partner(scopes=EVENTS, client=KEPT)
        )
        assert [(s["id"], s["disabled_at"]) for s in still.json()] == [(kept["id"], None)]

        # The log says what happened to the two waiting deliveries: never sent, and why.
        secretary = callers.community_secretary("C1")
        cancelled = await client.get(
            "/v1/webhook-deliveries", params={"state": "cancelled"}, headers=secretary
        )
        items = cancelled.json()["items"]
        assert sorted(d["subscription_id"] for d in items) == sorted([first["id"], second["id"]])
        assert {(d["last_error"], d["attempts"]) for d in items} == {("client revoked", 0)}
        refused = await client.post(
            f"/v1/webhook-deliveries/{items[0]['id']}/redeliver", headers=secretary
        )
        assert (refused.status_code, refused.json()["code"]) == (409, "subscription-disabled")

        # The same event again, or a second announcement of the revocation, changes nothing.
        before = await rows(app)
        assert await apply_event(app.state.database, handlers, event) == "duplicate"
        later = revoked_event(REVOKED, revoked_at + timedelta(minutes=1))
        assert await apply_event(app.state.database, handlers, later) == "applied"
        assert await rows(app) == before

        # A later incident is queued for the other client only.
        await report(client, callers.admin(), "B", **HAZARD)
        await run_until(app, utcnow(), utcnow(), step_seconds=1)
        assert revoked_end.arrivals == []
        assert len(kept_end.kept) == 2


async def test_a_delivery_in_flight_when_the_revocation_lands_is_not_retried(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    """The dispatcher claimed it before the event and its endpoint fails: the attempt is
    logged, and the delivery stays cancelled instead of waiting for a retry."""
    with running_receiver() as endpoint:
        await subscribe(client, callers, endpoint, REVOKED)
    await report(client, callers.admin(), "A", **HAZARD)

    async def partner_answers_after_the_revocation(request: httpx.Request) -> httpx.Response:
        event = revoked_event(REVOKED, utcnow())
        assert await apply_event(app.state.database, app.state.event_handlers, event) == "applied"
        return httpx.Response(503)

    transport = httpx.MockTransport(partner_answers_after_the_revocation)
    async with httpx.AsyncClient(transport=transport) as partner:
        sent = await dispatch_once(
            app.state.database, app.state.field_cipher, partner, utcnow(), POLICY
        )
    assert sent == 1
    secretary = callers.community_secretary("C1")
    [delivery] = (await client.get("/v1/webhook-deliveries", headers=secretary)).json()["items"]
    assert (delivery["state"], delivery["last_error"]) == ("cancelled", "client revoked")
    attempts = await client.get(
        f"/v1/webhook-deliveries/{delivery['id']}/attempts", headers=secretary
    )
    assert [a["status_code"] for a in attempts.json()] == [503]
