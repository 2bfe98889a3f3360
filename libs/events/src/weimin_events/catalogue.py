"""Every event type: who produces it, who consumes it, its payload model.

Entries are payload models, each naming its type (`payloads.Payload.event_type`), so a
type's name is written once. This table is the single place that says who listens to what:
the HTTP relay of a producer addresses its deliveries with `subscribers_of`, a NATS
consumer binds to the producers `consumed_by` names, and `docs/events.md` is generated
from it.
"""

from collections import defaultdict
from dataclasses import dataclass

from weimin_events import payloads as p

ORG_REGISTRY, GRID, WISHES, VOLUNTEERS = "org-registry", "grid", "wishes", "volunteers"
NOTIFICATIONS = "notifications"


@dataclass(frozen=True)
class EventType:
    """A type's place in the platform: its payload model (which names the type), who
    produces it, who consumes it."""

    payload: type[p.Payload]
    producer: str
    summary: str
    consumers: tuple[str, ...] = ()

    @property
    def type(self) -> str:
        return self.payload.event_type


def _wish(payload: type[p.Payload], summary: str, *consumers: str) -> EventType:
    return EventType(payload, WISHES, summary, consumers)


def _grid(payload: type[p.Payload], summary: str, *consumers: str) -> EventType:
    return EventType(payload, GRID, summary, consumers)


def _org(payload: type[p.Payload], summary: str, *consumers: str) -> EventType:
    return EventType(payload, ORG_REGISTRY, summary, consumers)


def _volunteers(payload: type[p.Payload], summary: str, *consumers: str) -> EventType:
    return EventType(payload, VOLUNTEERS, summary, consumers)


CATALOGUE: tuple[EventType, ...] = (
    _wish(p.WishSubmitted, "A resident's wish was submitted for review."),
    _wish(p.WishPublished, "A reviewed wish went up on the wall."),
    _wish(p.WishRejected, "A wish was turned down at review."),
    _wish(p.WishCancelled, "A wish was withdrawn by its owner or staff."),
    _wish(p.WishClaimed, "Somebody took a wish on: its owner is told.", NOTIFICATIONS),
    _wish(p.WishClaimRequested, "A claim waits for staff approval."),
    _wish(p.WishReleased, "A claim ended without fulfilment; back on the wall."),
    _wish(
        p.WishFulfilled,
        "A claimer fulfilled a wish and reported the time it took (or did not): volunteers "
        "credit exactly that to a volunteer claimer's hours, org-registry counts it on a "
        "reporting member's service; time not reported is recorded as such, never assumed.",
        VOLUNTEERS,
        ORG_REGISTRY,
        NOTIFICATIONS,
    ),
    _wish(
        p.WishConfirmed,
        "The wisher confirmed the fulfilment: the claimer is thanked.",
        NOTIFICATIONS,
    ),
    _grid(
        p.IncidentReported,
        "An incident was reported; with `needs_hands` volunteers open a dispatch task.",
        VOLUNTEERS,
    ),
    _grid(
        p.IncidentStateChanged,
        "An incident moved between states: the reporter and a new assignee are told.",
        NOTIFICATIONS,
    ),
    _grid(
        p.IncidentEscalated,
        "An incident went a level up: the accounts answering at that level are told.",
        NOTIFICATIONS,
    ),
    _grid(p.IncidentClosed, "An incident was closed: the reporter is told.", NOTIFICATIONS),
    _grid(
        p.IncidentOverdue,
        "An incident is past its deadline: its supervising accounts are told.",
        NOTIFICATIONS,
    ),
    _grid(p.ResidentMovedIn, "A resident registered in, or moved to, a household."),
    _grid(p.ResidentMovedOut, "A resident moved out of the grid."),
    _grid(
        p.AlarmRaised,
        "A ten-household joint-defence alarm: the nearest opted-in volunteers are alerted, "
        "and the group's members and grid worker are reached on their channels.",
        VOLUNTEERS,
        NOTIFICATIONS,
    ),
    _grid(p.AlarmEscalated, "An unanswered alarm went to the community desk."),
    _org(
        p.MemberReported,
        "A party member reported to their home community: they join its volunteer and "
        "wish-claimer pools.",
        VOLUNTEERS,
        WISHES,
    ),
    _org(
        p.SessionRevoked,
        "Sign-ins were revoked (logout, a refresh token used twice, an admin's revoke, a "
        "disabled account, a new password): every service refuses their access tokens at "
        "once instead of when they expire. org-registry writes its own copy directly.",
        GRID,
        WISHES,
        VOLUNTEERS,
    ),
    _org(
        p.PartnerClientRevoked,
        "Staff revoked a partner client: the grid disables its webhook subscriptions and "
        "cancels their deliveries not yet sent, so nothing more goes to it.",
        GRID,
    ),
    _org(p.OrganisationChanged, "An organisation in the network was created, moved or retired."),
    _volunteers(
        p.HoursCredited,
        "Service hours were credited (or reversed) to a volunteer; notifications tells the "
        "volunteer's account.",
        NOTIFICATIONS,
    ),
    _volunteers(p.ActivityCheckedIn, "A volunteer checked in to an activity shift."),
    _volunteers(
        p.TaskOffered,
        "A dispatch task was offered to a volunteer; notifications tells them, with the "
        "offer's deadline.",
        NOTIFICATIONS,
    ),
    _volunteers(
        p.ShiftSignedUp,
        "A volunteer's place on a shift was confirmed: notifications schedules reminders "
        "the day and the hour before it starts.",
        NOTIFICATIONS,
    ),
    _volunteers(
        p.ShiftSignupCancelled,
        "A volunteer's sign-up for a shift was cancelled: notifications cancels its reminders.",
        NOTIFICATIONS,
    ),
    _volunteers(p.TaskAccepted, "A volunteer accepted a dispatch task."),
    _volunteers(
        p.TaskCompleted,
        "A dispatch task was done; for an incident's task, grid adds it to the timeline "
        "and moves the incident on.",
        GRID,
    ),
    # The partner exchange's deliveries.
    _grid(
        p.WebhookDeadLettered,
        "A partner webhook delivery ran out of retries: the platform's staff are told.",
        NOTIFICATIONS,
    ),
)

BY_TYPE: dict[str, EventType] = {entry.type: entry for entry in CATALOGUE}


def subscribers_of(event_type: str) -> tuple[str, ...]:
    entry = BY_TYPE.get(event_type)
    return entry.consumers if entry else ()


def consumed_by(service: str) -> dict[str, list[str]]:
    """producer -> the types `service` consumes from it."""
    found: dict[str, list[str]] = defaultdict(list)
    for entry in CATALOGUE:
        if service in entry.consumers:
            found[entry.producer].append(entry.type)
    return dict(found)


def payload_of(event_type: str) -> type[p.Payload]:
    return BY_TYPE[event_type].payload
