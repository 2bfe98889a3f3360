"""What a partner is told: the small exchange vocabulary of incident states, and which
incident categories are the public-security system's business."""

from typing import Literal

from weimin_events.vocabularies import IncidentState

ExchangeState = Literal["new", "in_progress", "escalated", "resolved", "closed", "cancelled"]

#: Our workflow's states (services/grid/README.md, "Incidents") in the exchange's words.
EXCHANGE_STATES: dict[IncidentState, ExchangeState] = {
    "reported": "new",
    "accepted": "in_progress",
    "assigned": "in_progress",
    "in_progress": "in_progress",
    "reopened": "in_progress",
    "escalated": "escalated",
    "resolved": "resolved",
    "verified": "resolved",
    "closed": "closed",
    "rejected": "cancelled",
    "duplicate": "cancelled",
}

#: Categories whose incidents go to public-security partners: safety hazards, public
#: order (noise), disputes to mediate, and unregistered floating population.
PUBLIC_SECURITY_CATEGORIES: frozenset[str] = frozenset({"0401", "0502", "9101", "9401"})

EventType = Literal["incident.reported", "incident.state_changed"]
