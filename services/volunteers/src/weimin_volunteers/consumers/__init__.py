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
from weimin_kit.events.inbox import Handler, Handlers
from weimin_kit.revocation import revocation_handler
from weimin_volunteers.consumers.alarms import on_alarm_raised
from weimin_volunteers.consumers.incidents import on_incident_reported
from weimin_volunteers.consumers.members import on_member_reported
from weimin_volunteers.consumers.wishes import on_wish_fulfilled

WISH_FULFILLED = "cn.weimin.wish.fulfilled.v1"
INCIDENT_REPORTED = "cn.weimin.incident.reported.v1"
MEMBER_REPORTED = "cn.weimin.member.reported.v1"
ALARM_RAISED = "cn.weimin.alarm.raised.v1"
SESSION_REVOKED = "cn.weimin.session.revoked.v1"


def volunteers_handlers(app: FastAPI) -> Handlers:
    return {
        WISH_FULFILLED: Handler(WishFulfilled, on_wish_fulfilled(app)),
        INCIDENT_REPORTED: Handler(IncidentReported, on_incident_reported(app)),
        MEMBER_REPORTED: Handler(MemberReported, on_member_reported(app)),
        ALARM_RAISED: Handler(AlarmRaised, on_alarm_raised(app)),
        SESSION_REVOKED: revocation_handler(app, SessionRevoked),
    }
