"""The events volunteers consume (see docs/events.md), applied through the kit's inbox:
each handler runs in the inbox's transaction and is idempotent on its own natural key."""

from fastapi import FastAPI

from weimin_events.payloads import (
    AlarmRaised,
    IncidentReported,
    MemberReported,
    SessionRevoked,
    WishFulfilled,
)
from weimin_kit.events.inbox import Handler, Handlers, handlers_of
from weimin_kit.revocation import revocation_handler
from weimin_volunteers.consumers.alarms import on_alarm_raised
from weimin_volunteers.consumers.incidents import on_incident_reported
from weimin_volunteers.consumers.members import on_member_reported
from weimin_volunteers.consumers.wishes import on_wish_fulfilled


def volunteers_handlers(app: FastAPI) -> Handlers:
    return handlers_of(
        Handler(WishFulfilled, on_wish_fulfilled(app)),
        Handler(IncidentReported, on_incident_reported(app)),
        Handler(MemberReported, on_member_reported(app)),
        Handler(AlarmRaised, on_alarm_raised(app)),
        revocation_handler(app, SessionRevoked),
    )
