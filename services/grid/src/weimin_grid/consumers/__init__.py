"""The events the grid consumes (see docs/events.md), applied through the kit's inbox."""

from fastapi import FastAPI

from weimin_events.payloads import SessionRevoked, TaskCompleted
from weimin_grid.consumers.volunteer_tasks import on_task_completed
from weimin_kit.events.inbox import Handler, Handlers
from weimin_kit.revocation import revocation_handler

TASK_COMPLETED = "cn.weimin.task.completed.v1"
SESSION_REVOKED = "cn.weimin.session.revoked.v1"


def grid_handlers(app: FastAPI) -> Handlers:
    return {
        TASK_COMPLETED: Handler(TaskCompleted, on_task_completed(app)),
        SESSION_REVOKED: revocation_handler(app, SessionRevoked),
    }
