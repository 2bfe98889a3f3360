"""Every event type: who produces it, who consumes it, its payload model.

This table is the single place that says who listens to what: the HTTP relay of a
producer addresses its deliveries with `subscribers_of`, a NATS consumer binds to the
producers `consumed_by` names, and `docs/events.md` is generated from it.
"""

from collections import defaultdict
from dataclasses import dataclass

from pydantic import BaseModel

from weimin_events import payloads as p

ORG_REGISTRY, GRID, WISHES, VOLUNTEERS = "org-registry", "grid", "wishes", "volunteers"


PayloadModel = type[BaseModel]


@dataclass(frozen=True)
class EventType:
    type: str
    producer: str
    payload: PayloadModel
    summary: str
    consumers: tuple[str, ...] = ()


def _wish(verb: str, payload: type[BaseModel], summary: str, *consumers: str) -> EventType:
    return EventType(f"cn.weimin.wish.{verb}.v1", WISHES, payload, summary, consumers)


def _incident(verb: str, payload: type[BaseModel], summary: str, *consumers: str) -> EventType:
    return EventType(f"cn.weimin.incident.{verb}.v1", GRID, payload, summary, consumers)


CATALOGUE: tuple[EventType, ...] = (
    _wish("submitted", p.WishLifecycle, "A resident's wish was submitted for review."),
    _wish("published", p.WishLifecycle, "A reviewed wish went up on the wall."),
    _wish("rejected", p.WishLifecycle, "A wish was turned down at review."),
    _wish("cancelled", p.WishLifecycle, "A wish was withdrawn by its owner or staff."),
    _wish("claimed", p.WishClaimed, "Somebody took a wish on."),
    _wish("claim_requested", p.WishClaimed, "A claim waits for staff approval."),
    _wish("released", p.WishReleased, "A claim ended without fulfilment; back on the wall."),
    _wish(
        "fulfilled",
        p.WishFulfilled,
        "A claimer fulfilled a wish: volunteers credit service hours to a volunteer claimer, "
        "org-registry records the service of a reporting member.",
        VOLUNTEERS,
        ORG_REGISTRY,
    ),
    _wish("confirmed", p.WishConfirmed, "The wisher confirmed the fulfilment."),
    _incident(
        "reported",
        p.IncidentReported,
        "An incident was reported; with `needs_hands` volunteers open a dispatch task.",
        VOLUNTEERS,
    ),
    _incident("state_changed", p.IncidentChanged, "An incident moved between states."),
    _incident("escalated", p.IncidentChanged, "An incident went a level up."),
    _incident("closed", p.IncidentChanged, "An incident was closed."),
    EventType(
        "cn.weimin.resident.moved_in.v1",
        GRID,
        p.ResidentMovedIn,
        "A resident registered in, or moved to, a household.",
    ),
    EventType(
        "cn.weimin.resident.moved_out.v1",
        GRID,
        p.ResidentMovedOut,
        "A resident moved out of the grid.",
    ),
    EventType(
        "cn.weimin.alarm.raised.v1",
        GRID,
        p.AlarmRaised,
        "A ten-household joint-defence alarm: the nearest opted-in volunteers are alerted.",
        (VOLUNTEERS,),
    ),
    EventType(
        "cn.weimin.alarm.escalated.v1",
        GRID,
        p.AlarmEscalated,
        "An unanswered alarm went to the community desk.",
    ),
    EventType(
        "cn.weimin.member.reported.v1",
        ORG_REGISTRY,
        p.MemberReported,
        "A party member reported to their home community: they join its volunteer and "
        "wish-claimer pools.",
        (VOLUNTEERS, WISHES),
    ),
    EventType(
        "cn.weimin.session.revoked.v1",
        ORG_REGISTRY,
        p.SessionRevoked,
        "Sign-ins were revoked (logout, a refresh token used twice, an admin's revoke, a "
        "disabled account, a new password): every service refuses their access tokens at "
        "once instead of when they expire. org-registry writes its own copy directly.",
        (GRID, WISHES, VOLUNTEERS),
    ),
    EventType(
        "cn.weimin.organisation.changed.v1",
        ORG_REGISTRY,
        p.OrganisationChanged,
        "An organisation in the network was created, moved or retired.",
    ),
    EventType(
        "cn.weimin.hours.credited.v1",
        VOLUNTEERS,
        p.HoursCredited,
        "Service hours were credited (or reversed) to a volunteer.",
    ),
    EventType(
        "cn.weimin.activity.checked_in.v1",
        VOLUNTEERS,
        p.ActivityCheckedIn,
        "A volunteer checked in to an activity shift.",
    ),
    EventType(
        "cn.weimin.task.offered.v1",
        VOLUNTEERS,
        p.TaskOffered,
        "A dispatch task was offered to a volunteer.",
    ),
    EventType(
        "cn.weimin.task.accepted.v1",
        VOLUNTEERS,
        p.TaskAccepted,
        "A volunteer accepted a dispatch task.",
    ),
    EventType(
        "cn.weimin.task.completed.v1",
        VOLUNTEERS,
        p.TaskCompleted,
        "A dispatch task was done; for an incident's task, grid adds it to the timeline "
        "and moves the incident on.",
        (GRID,),
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


def payload_of(event_type: str) -> type[BaseModel]:
    return BY_TYPE[event_type].payload
