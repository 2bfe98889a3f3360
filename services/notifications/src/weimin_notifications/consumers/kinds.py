"""The handlers of the incident, wish and partner-delivery notices (docs/kinds.md)."""

from typing import Any

from fastapi import FastAPI

from weimin_events import payloads as p
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.inbox import Handler
from weimin_notifications.consumers import incidents, partners, wishes
from weimin_notifications.consumers.telling import telling
from weimin_notifications.pipeline.decision import Decision


def kind_handlers(app: FastAPI) -> list[Handler[Any]]:
    def to_staff(dead: p.WebhookDeadLettered, event: CloudEvent) -> list[Decision]:
        # Read at each event: the setting is the app's, which tests may replace.
        return partners.delivery_dead(dead, event, app.state.settings.staff_recipients)

    return [
        Handler(p.IncidentStateChanged, telling(app, incidents.state_changed)),
        Handler(p.IncidentEscalated, telling(app, incidents.escalated)),
        Handler(p.IncidentClosed, telling(app, incidents.closed)),
        Handler(p.IncidentOverdue, telling(app, incidents.overdue)),
        Handler(p.WishClaimed, telling(app, wishes.claimed)),
        Handler(p.WishFulfilled, telling(app, wishes.fulfilled)),
        Handler(p.WishConfirmed, telling(app, wishes.thanked)),
        Handler(p.WebhookDeadLettered, telling(app, to_staff)),
    ]
