"""Payload (`data`) models, one per versioned event type. Ids and numbers only: no personal
data travels in events. A new field is optional or gets a new `.vN` type."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from weimin_events.vocabularies import ClaimerType as ClaimerType  # the contract names it here too


class Payload(BaseModel):
    # Producers may add fields before consumers know them: ignore, never fail on them.
    model_config = ConfigDict(extra="ignore")


class WishPlace(Payload):
    wish_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID


class WishLifecycle(WishPlace):
    """submitted, published, rejected, cancelled."""


class WishClaimed(WishPlace):
    """claimed, claim_requested."""

    claim_id: uuid.UUID
    claimer_id: str = Field(description="the claimer's account id")
    claimer_type: str


class WishReleased(WishPlace):
    claim_id: uuid.UUID
    claimer_id: str | None = None
    reason: str


class WishFulfilled(WishPlace):
    claim_id: uuid.UUID
    claimer_id: str = Field(description="the claimer's account id")
    claimer_type: str
    service_minutes: int | None = Field(
        default=None, ge=0, le=24 * 60, description="time the claimer spent, when reported"
    )


class WishConfirmed(WishPlace):
    claim_id: uuid.UUID
    claimer_id: str | None = None
    rating: int | None = None


class IncidentReported(Payload):
    incident_id: uuid.UUID
    category_code: str
    grid_unit_id: uuid.UUID
    priority: str
    community_id: uuid.UUID | None = None
    street_id: uuid.UUID | None = None
    needs_hands: bool = Field(default=False, description="volunteers are asked to help")
    volunteers_wanted: int | None = Field(default=None, ge=1, le=50)
    skills: list[str] = Field(default_factory=list)
    lon: float | None = Field(default=None, ge=-180, le=180, description="WGS-84")
    lat: float | None = Field(default=None, ge=-90, le=90, description="WGS-84")


class IncidentChanged(Payload):
    """state_changed, escalated, closed."""

    incident_id: uuid.UUID
    from_state: str
    to_state: str
    action: str
    level: str


class ResidentMovedOut(Payload):
    resident_id: uuid.UUID
    household_id: uuid.UUID
    grid_unit_id: uuid.UUID
    registration: str


class ResidentMovedIn(Payload):
    resident_id: uuid.UUID
    household_id: uuid.UUID
    from_household_id: uuid.UUID | None
    grid_unit_id: uuid.UUID
    registration: str


class AlarmRaised(Payload):
    alarm_id: uuid.UUID
    group_id: uuid.UUID
    kind: str
    grid_unit_id: uuid.UUID
    community_id: uuid.UUID | None = None
    lon: float | None = Field(default=None, ge=-180, le=180, description="WGS-84")
    lat: float | None = Field(default=None, ge=-90, le=90, description="WGS-84")


class AlarmEscalated(Payload):
    alarm_id: uuid.UUID
    community_id: uuid.UUID


class MemberReported(Payload):
    report_id: uuid.UUID
    member_id: uuid.UUID
    person_id: uuid.UUID
    community_id: uuid.UUID
    street_id: uuid.UUID
    pledge_areas: list[str]
    account_id: uuid.UUID | None = Field(
        default=None, description="the member's login account, when they have one"
    )


RevocationReason = Literal[
    "logout", "refresh-token-reused", "sessions-revoked", "account-disabled", "password-changed"
]


class SessionRevoked(Payload):
    """Access tokens to refuse before they expire. Every consumer refuses the tokens of
    each session in `session_ids` (the token's `sid`) and, with `issued_before`, every
    token of `account_id` (`sub`) whose `iat` is before it (so a later sign-in works)."""

    account_id: uuid.UUID = Field(description="whose sessions")
    session_ids: list[uuid.UUID] = Field(
        default_factory=list, description="the sessions revoked (the tokens' `sid`)"
    )
    issued_before: datetime | None = Field(
        default=None,
        description="all the account's tokens issued before this are revoked too; whole "
        "seconds, as `iat` (a token issued within its second is named by its session)",
    )
    reason: RevocationReason
    revoked_at: datetime


class OrganisationChanged(Payload):
    action: str
    organisation_id: uuid.UUID
    kind: str
    parent_id: uuid.UUID | None
    street_id: uuid.UUID | None
    community_id: uuid.UUID | None
    status: str


class HoursCredited(Payload):
    volunteer_id: uuid.UUID
    entry_id: uuid.UUID
    minutes: int = Field(description="negative for a reversal")
    kind: str


class ActivityCheckedIn(Payload):
    activity_id: uuid.UUID
    shift_id: uuid.UUID
    signup_id: uuid.UUID
    volunteer_id: uuid.UUID
    method: str


class TaskOffered(Payload):
    task_id: uuid.UUID
    volunteer_id: uuid.UUID
    rank: int


class TaskAccepted(Payload):
    task_id: uuid.UUID
    volunteer_id: uuid.UUID
    mode: str


class TaskCompleted(Payload):
    task_id: uuid.UUID
    volunteer_id: uuid.UUID | None = None
    source_ref: str | None = Field(
        default=None, description="what the task was opened for, e.g. `incident:<uuid>`"
    )
    note: str | None = None
    completed_at: datetime | None = None
