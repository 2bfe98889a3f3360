"""Incident, wish and partner-delivery events as their producers record them, for the
notifications tests."""

import uuid
from datetime import UTC, datetime
from typing import Any

from weimin_events import payloads as p
from weimin_kit.events.envelope import CloudEvent


def event_of(payload: p.Payload, source: str) -> CloudEvent:
    return CloudEvent(
        specversion="1.0",
        id=uuid.uuid4().hex,
        source=source,
        type=type(payload).event_type,
        subject=str(uuid.uuid4()),
        data=payload.model_dump(mode="json"),
    )


def incident_change(
    model: type[p.IncidentChanged], action: str, to_state: str, **fields: Any
) -> CloudEvent:
    values: dict[str, Any] = {
        "incident_id": uuid.uuid4(),
        "from_state": "accepted",
        "to_state": to_state,
        "action": action,
        "level": "grid",
        "category_code": "0502",
        **fields,
    }
    return event_of(model(**values), "/weimin/grid")


def overdue(supervisors: list[str]) -> CloudEvent:
    late = p.IncidentOverdue(
        incident_id=uuid.uuid4(),
        category_code="0101",
        level="grid",
        due_at=datetime(2026, 5, 6, tzinfo=UTC),
        supervisors=supervisors,
    )
    return event_of(late, "/weimin/grid")


def _wish_place() -> dict[str, Any]:
    return {
        "wish_id": uuid.uuid4(),
        "street_id": uuid.uuid4(),
        "community_id": uuid.uuid4(),
        "grid_unit_id": uuid.uuid4(),
        "claim_id": uuid.uuid4(),
    }


def wish(model: type[p.WishPlace], owner: str, claimer: str) -> CloudEvent:
    fields: dict[str, Any] = {**_wish_place(), "owner_id": owner, "claimer_id": claimer}
    if model is not p.WishConfirmed:
        fields["claimer_type"] = "volunteer"
    return event_of(model(**fields), "/weimin/wishes")


def dead_letter(client_id: str = "pc-7f3a") -> CloudEvent:
    dead = p.WebhookDeadLettered(
        subscription_id=uuid.uuid4(), client_id=client_id, delivery_id=uuid.uuid4(), attempts=9
    )
    return event_of(dead, "/weimin/grid")
