"""The words more than one service (or the demo city) uses for the same thing, defined once.

Each is a `Literal` type for schemas and payloads, and the tuple of its values for check
constraints, loops and tests. A service that accepts one of these words takes it from here;
its database constraint lists the same values (a test holds the two together).
Labels for people live in the web app's locale files, keyed by these values.
"""

from typing import Literal, get_args

#: Who claims a wish. An `organisation` claim is made by a member on behalf of a stationed
#: organisation co-building with the community (the claim names the organisation's id).
ClaimerType = Literal["member", "volunteer", "resident", "organisation"]
CLAIMER_TYPES: tuple[ClaimerType, ...] = get_args(ClaimerType)

#: The roles an access token carries (the org-registry grants them; every service reads
#: them). `admin` is also the kit's `ADMIN_ROLE`, which every check lets through.
Role = Literal[
    "admin",
    "street_secretary",
    "community_secretary",
    "grid_worker",
    "member",
    "volunteer",
    "resident",
    "kiosk",
    "partner",
]
ROLES: tuple[Role, ...] = get_args(Role)

#: The states of an incident's workflow, as the grid stores them and its incident events
#: carry them (`from_state`, `to_state`).
IncidentState = Literal[
    "reported",
    "accepted",
    "assigned",
    "in_progress",
    "resolved",
    "verified",
    "closed",
    "rejected",
    "duplicate",
    "escalated",
    "reopened",
]
INCIDENT_STATES: tuple[IncidentState, ...] = get_args(IncidentState)

#: The level an incident is handled at, lowest first (escalation moves it one up).
IncidentLevel = Literal["grid", "community", "street"]
INCIDENT_LEVELS: tuple[IncidentLevel, ...] = get_args(IncidentLevel)

#: The care groups a resident may be tagged with; each has a home-visit frequency in the
#: grid. A community may still record a local slug of its own (it gets no visit schedule).
CareTag = Literal["elderly_alone", "disabled", "key_youth", "low_income", "veteran"]
CARE_TAGS: tuple[CareTag, ...] = get_args(CareTag)

#: What a partner client (a machine, such as the public-security grid system) may be
#: granted: `<area>:<what>.<operation>`. The org-registry grants them and puts them in the
#: partner's tokens (beside the client's area as a `street:`/`community:` scope); the
#: services serving the partner exchange check them (`weimin_kit.auth.require_partner_scope`).
PartnerScope = Literal[
    "integration:grid-units.read",
    "integration:addresses.read",
    "integration:addresses.write",
    "integration:population.write",
    "integration:incidents.read",
    "integration:incidents.write",
    "integration:events.receive",
    "open311:requests.write",
]
PARTNER_SCOPES: tuple[PartnerScope, ...] = get_args(PartnerScope)
