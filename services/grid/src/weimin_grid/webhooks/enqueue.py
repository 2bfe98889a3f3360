"""Queueing an incident's event for every partner subscribed to its area, in the same
transaction as the change itself: committed together, or not at all."""

from datetime import datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import IncidentState
from weimin_grid.incidents.models import Incident
from weimin_grid.units.models import GridUnit
from weimin_grid.webhooks.models import WebhookDelivery, WebhookSubscription
from weimin_grid.webhooks.vocabulary import (
    EXCHANGE_STATES,
    PUBLIC_SECURITY_CATEGORIES,
    EventType,
)


def covers_area(area: str, incident: Incident) -> bool:
    kind, _, place = area.partition(":")
    ancestor = {"street": incident.street_id, "community": incident.community_id}.get(kind)
    return ancestor is not None and str(ancestor) == place


def thin_incident(incident: Incident, unit_code: str) -> dict[str, Any]:
    """What the exchange says of an incident without asking: ids, category, state and
    place (webhook payloads and the incident export)."""
    return {
        "incident_id": str(incident.id),
        "sequence": incident.version,
        "category_code": incident.category_code,
        "state": incident.state,
        "exchange_state": EXCHANGE_STATES[cast(IncidentState, incident.state)],
        "level": incident.level,
        "grid_unit_code": unit_code,
        "reported_at": incident.created_at.isoformat(),
    }


def payload(
    incident: Incident,
    event_type: EventType,
    unit_code: str,
    at: datetime,
    origin_client: str | None = None,
) -> dict[str, Any]:
    """Thin: ids, category, state and place. Who reported it and what they wrote are fetched
    with the partner's own token (GET /integration/v1/incidents/{id}), which is audited.

    `origin` says who made the change: `grid` (someone in Weimin) or `partner` (a partner
    client through the exchange, named in `origin_client_id`). Every subscriber gets every
    event, so `sequence` never has gaps; a partner skips the events it caused itself, which
    is what keeps its own updates from coming back to it as news."""
    origin = {"origin": "grid"} if origin_client is None else {
        "origin": "partner", "origin_client_id": origin_client,
    }  # fmt: skip
    return {
        "type": event_type,
        "timestamp": at.isoformat(),
        "data": {**thin_incident(incident, unit_code), **origin},
    }


async def enqueue_incident_event(
    session: AsyncSession,
    incident: Incident,
    event_type: EventType,
    now: datetime,
    *,
    origin_client: str | None = None,
) -> int:
    """One delivery per subscription covering the incident; its `sequence` is the
    incident's version, so a partner can tell order and gaps. Returns how many."""
    if incident.category_code not in PUBLIC_SECURITY_CATEGORIES:
        return 0
    subscriptions = [
        subscription
        for subscription in await session.scalars(
            select(WebhookSubscription).where(WebhookSubscription.disabled_at.is_(None))
        )
        if covers_area(subscription.area, incident)
    ]
    if not subscriptions:
        return 0
    unit = await session.get(GridUnit, incident.grid_unit_id)
    body = payload(incident, event_type, unit.code if unit else "", now, origin_client)
    for subscription in subscriptions:
        session.add(
            WebhookDelivery(
                subscription_id=subscription.id,
                incident_id=incident.id,
                sequence=incident.version,
                event_type=event_type,
                payload=body,
                state="pending",
                attempts=0,
                next_attempt_at=now,
            )
        )
    return len(subscriptions)
