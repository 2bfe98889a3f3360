"""The events the grid consumes (see docs/events.md), applied through the kit's inbox."""

from fastapi import FastAPI

from weimin_events.payloads import PartnerClientRevoked, SessionRevoked, TaskCompleted
from weimin_grid.consumers.partner_clients import on_partner_client_revoked
from weimin_grid.consumers.volunteer_tasks import on_task_completed
from weimin_kit.events.inbox import Handler, Handlers, handlers_of
from weimin_kit.revocation import revocation_handler


def grid_handlers(app: FastAPI) -> Handlers:
    return handlers_of(
        Handler(TaskCompleted, on_task_completed(app)),
        revocation_handler(app, SessionRevoked),
        Handler(PartnerClientRevoked, on_partner_client_revoked()),
    )
