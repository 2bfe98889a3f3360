"""Payload (`data`) models, one per versioned event type. Ids and numbers only: no personal
data travels in events. A new field is optional or gets a new `.vN` type.

Each concrete model names its type (`event_type`): producers record a model and the outbox
reads the type from it, consumers register a handler per model, and the catalogue lists
models, so a type's name is written once, here. Models that share their fields (a wish's
lifecycle moves, an incident's changes) share a base without a type of its own.
"""

import uuid
from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from weimin_events.vocabularies import ClaimerType as ClaimerType  # the contract names it here too


class Payload(BaseModel):
    # Producers may add fields before consumers know them: ignore, never fail on them.
    model_config = ConfigDict(extra="ignore")

    #: The CloudEvents `type` this model is the `data` of (`cn.weimin.<thing>.<happening>.vN`).
    event_type: ClassVar[str]


class WishPlace(Payload):
    wish_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID


class WishLifecycle(WishPlace):
    """The fields of a wish's moves that concern no claim (submitted, published, rejected,
    cancelled)."""


class WishSubmitted(WishLifecycle):
    event_type = "cn.weimin.wish.submitted.v1"


class WishPublished(WishLifecycle):
    event_type = "cn.weimin.wish.published.v1"


class WishRejected(WishLifecycle):
    event_type = "cn.weimin.wish.rejected.v1"


class WishCancelled(WishLifecycle):
    event_type = "cn.weimin.wish.cancelled.v1"


#: The wish's owner travels with the moves they are told of (notifications reaches them).
OWNER_DESCRIPTION = (
    'the account that posted the wish (`submitted_by`: its owner in "my wishes"; a grid '
    "worker or secretary posts it for the resident), to be told of the move"
)


class WishClaim(WishPlace):
    """The fields of a claim taken (claimed, claim_requested)."""

    claim_id: uuid.UUID
    claimer_id: str = Field(description="the claimer's account id")
    claimer_type: str
    owner_id: str | None = Field(default=None, description=OWNER_DESCRIPTION)


class WishClaimed(WishClaim):
    event_type = "cn.weimin.wish.claimed.v1"


class WishClaimRequested(WishClaim):
    event_type = "cn.weimin.wish.claim_requested.v1"


class WishReleased(WishPlace):
    event_type = "cn.weimin.wish.released.v1"

    claim_id: uuid.UUID
    claimer_id: str | None = None
    reason: str


#: The bounds of the time a claimer reports for a fulfilled wish (a day at most).
SERVICE_MINUTES_MIN, SERVICE_MINUTES_MAX = 1, 24 * 60


class WishFulfilled(WishPlace):
    event_type = "cn.weimin.wish.fulfilled.v1"

    claim_id: uuid.UUID
    claimer_id: str = Field(description="the claimer's account id")
    claimer_type: str
    service_minutes: int | None = Field(
        default=None,
        ge=SERVICE_MINUTES_MIN,
        le=SERVICE_MINUTES_MAX,
        description="the time the claimer reported spending; absent or null: not reported "
        "(consumers credit nothing and say so, never a default)",
    )
    owner_id: str | None = Field(default=None, description=OWNER_DESCRIPTION)


class WishConfirmed(WishPlace):
    event_type = "cn.weimin.wish.confirmed.v1"

    claim_id: uuid.UUID
    claimer_id: str | None = None
    rating: int | None = None
    owner_id: str | None = Field(default=None, description=OWNER_DESCRIPTION)


class IncidentReported(Payload):
    event_type = "cn.weimin.incident.reported.v1"

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
    """The fields of an incident's move (state_changed, escalated, closed)."""

    incident_id: uuid.UUID
    from_state: str
    to_state: str
    action: str
    level: str
    # Whom notifications tells, and of what: account ids and a code only. Optional, as
    # events recorded before they existed lack them.
    category_code: str | None = None
    reporter_subject: str | None = Field(
        default=None,
        description="the reporter's account id (kept for anonymous reports too: only that "
        "account's own notices name it)",
    )
    assignee: str | None = Field(default=None, description="the assignee's account id")
    actor: str | None = Field(
        default=None, description="the account that took the step (nobody is told of their own)"
    )


class IncidentStateChanged(IncidentChanged):
    event_type = "cn.weimin.incident.state_changed.v1"


class IncidentEscalated(IncidentChanged):
    event_type = "cn.weimin.incident.escalated.v1"

    accountable: list[str] = Field(
        default_factory=list,
        description="the accounts answering for the incident at its new level, when the grid "
        "knows any (a community's or street's desk is not an account: not listed)",
    )


class IncidentClosed(IncidentChanged):
    event_type = "cn.weimin.incident.closed.v1"


class IncidentOverdue(Payload):
    """The grid's overdue sweep told an incident's supervisors (once per overdue period)."""

    event_type = "cn.weimin.incident.overdue.v1"

    incident_id: uuid.UUID
    category_code: str
    level: str
    due_at: datetime
    supervisors: list[str] = Field(
        default_factory=list,
        description="the supervisors' account ids (the grid head); the desks of a community "
        "or street are not accounts and stay in the grid's own inbox",
    )


class ResidentMovedOut(Payload):
    event_type = "cn.weimin.resident.moved_out.v1"

    resident_id: uuid.UUID
    household_id: uuid.UUID
    grid_unit_id: uuid.UUID
    registration: str


class ResidentMovedIn(Payload):
    event_type = "cn.weimin.resident.moved_in.v1"

    resident_id: uuid.UUID
    household_id: uuid.UUID
    from_household_id: uuid.UUID | None
    grid_unit_id: uuid.UUID
    registration: str


class AlarmRecipient(BaseModel):
    subject: str = Field(
        max_length=255,
        description="an account id; `grid:<unit id>` when the unit has no responsible worker",
    )
    role: Literal["member", "grid_worker"]


class AlarmRaised(Payload):
    event_type = "cn.weimin.alarm.raised.v1"

    alarm_id: uuid.UUID
    group_id: uuid.UUID
    kind: str
    grid_unit_id: uuid.UUID
    community_id: uuid.UUID | None = None
    lon: float | None = Field(default=None, ge=-180, le=180, description="WGS-84")
    lat: float | None = Field(default=None, ge=-90, le=90, description="WGS-84")
    recipients: list[AlarmRecipient] = Field(
        default_factory=list,
        description="whom the grid told: the group's other members and the grid worker "
        "(account ids only); notifications reaches them on their channels",
    )


class AlarmEscalated(Payload):
    event_type = "cn.weimin.alarm.escalated.v1"

    alarm_id: uuid.UUID
    community_id: uuid.UUID


class MemberReported(Payload):
    event_type = "cn.weimin.member.reported.v1"

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

    event_type = "cn.weimin.session.revoked.v1"

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
    keep_until: datetime | None = Field(
        default=None,
        description="refuse them at least until then: set when the revoked tokens outlive an "
        "access token (a partner client's Open311 key lives up to a year)",
    )


class PartnerClientRevoked(Payload):
    """A partner client was revoked by staff; revocation is final (a client is never
    re-enabled, another is created). Its tokens are refused through `SessionRevoked`; this
    tells what the client receives: the grid stops its webhook deliveries."""

    event_type = "cn.weimin.partner_client.revoked.v1"

    client_id: str = Field(description="the public client id (`pc-…`), the tokens' `client_id`")
    revoked_at: datetime


class OrganisationChanged(Payload):
    event_type = "cn.weimin.organisation.changed.v1"

    action: str
    organisation_id: uuid.UUID
    kind: str
    parent_id: uuid.UUID | None
    street_id: uuid.UUID | None
    community_id: uuid.UUID | None
    status: str


class HoursCredited(Payload):
    event_type = "cn.weimin.hours.credited.v1"

    volunteer_id: uuid.UUID
    entry_id: uuid.UUID
    minutes: int = Field(description="negative for a reversal")
    kind: str
    account_id: uuid.UUID | None = Field(
        default=None, description="the volunteer's login account, when they have one"
    )


class ActivityCheckedIn(Payload):
    event_type = "cn.weimin.activity.checked_in.v1"

    activity_id: uuid.UUID
    shift_id: uuid.UUID
    signup_id: uuid.UUID
    volunteer_id: uuid.UUID
    method: str


class TaskOffered(Payload):
    event_type = "cn.weimin.task.offered.v1"

    task_id: uuid.UUID
    volunteer_id: uuid.UUID
    rank: int
    account_id: uuid.UUID | None = Field(
        default=None, description="the offered volunteer's login account, when they have one"
    )
    expires_at: datetime | None = Field(
        default=None, description="when the offer lapses unanswered (UTC)"
    )


class ShiftSignup(Payload):
    signup_id: uuid.UUID
    volunteer_id: uuid.UUID
    account_id: uuid.UUID | None = Field(
        default=None, description="the volunteer's login account, when they have one"
    )
    activity_id: uuid.UUID
    shift_id: uuid.UUID
    starts_at: datetime = Field(description="the shift's start (UTC)")
    ends_at: datetime = Field(description="the shift's end (UTC)")


class ShiftSignedUp(ShiftSignup):
    event_type = "cn.weimin.shift.signed_up.v1"


class ShiftSignupCancelled(ShiftSignup):
    event_type = "cn.weimin.shift.signup_cancelled.v1"


class TaskAccepted(Payload):
    event_type = "cn.weimin.task.accepted.v1"

    task_id: uuid.UUID
    volunteer_id: uuid.UUID
    mode: str


class TaskCompleted(Payload):
    event_type = "cn.weimin.task.completed.v1"

    task_id: uuid.UUID
    volunteer_id: uuid.UUID | None = None
    source_ref: str | None = Field(
        default=None, description="what the task was opened for, e.g. `incident:<uuid>`"
    )
    note: str | None = None
    completed_at: datetime | None = None


class WebhookDeadLettered(Payload):
    """A partner webhook delivery ran out of retries: staff look at the endpoint and may
    redeliver it."""

    event_type = "cn.weimin.webhook.dead_lettered.v1"

    subscription_id: uuid.UUID
    client_id: str = Field(description="the partner client's public id (`pc-…`)")
    delivery_id: uuid.UUID
    attempts: int = Field(ge=0, description="how many times it was tried")
