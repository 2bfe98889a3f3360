"""The events the notifications service consumes (see docs/events.md): each becomes a
decision (who is told what), written through the pipeline in the inbox transaction."""

from fastapi import FastAPI

from weimin_events.payloads import (
    AlarmRaised,
    HoursCredited,
    SessionRevoked,
    ShiftSignedUp,
    ShiftSignupCancelled,
    TaskOffered,
)
from weimin_kit.events.inbox import Handler, Handlers, handlers_of
from weimin_kit.revocation import revocation_handler
from weimin_notifications.consumers.alarms import on_alarm_raised
from weimin_notifications.consumers.kinds import kind_handlers
from weimin_notifications.consumers.volunteers import (
    on_hours_credited,
    on_signed_up,
    on_signup_cancelled,
    on_task_offered,
)


def notifications_handlers(app: FastAPI) -> Handlers:
    return handlers_of(
        Handler(AlarmRaised, on_alarm_raised(app)),
        Handler(ShiftSignedUp, on_signed_up(app)),
        Handler(ShiftSignupCancelled, on_signup_cancelled(app)),
        Handler(TaskOffered, on_task_offered(app)),
        Handler(HoursCredited, on_hours_credited(app)),
        revocation_handler(app, SessionRevoked),
        # Incidents, wishes and partner deliveries (consumers/kinds.py).
        *kind_handlers(app),
    )
