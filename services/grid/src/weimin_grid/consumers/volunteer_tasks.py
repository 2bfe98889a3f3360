"""A volunteers' dispatch task opened for an incident was completed.

The completion goes into the incident's timeline, and an incident that was assigned or in
progress moves on to resolved (its handling was the volunteers' task); the grid worker
still verifies it, and the reporter hears of it as of any resolution. An incident in any
other state keeps its state: the timeline line tells staff the hands have been.
"""

import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import TaskCompleted
from weimin_grid.incidents.models import Incident
from weimin_grid.incidents.schemas import TransitionRequest
from weimin_grid.incidents.service import apply_action, record_change
from weimin_grid.incidents.states import Action
from weimin_kit.auth import Principal
from weimin_kit.clock import now_of
from weimin_kit.events.envelope import CloudEvent

#: Acts for the volunteers service: above every level, like the platform itself.
VOLUNTEERS_SERVICE = Principal(
    subject="service:volunteers", roles=frozenset({"admin"}), display_name="志愿服务"
)
INCIDENT_REF = "incident:"


def incident_of(source_ref: str | None) -> uuid.UUID | None:
    if not source_ref or not source_ref.startswith(INCIDENT_REF):
        return None
    try:
        return uuid.UUID(source_ref.removeprefix(INCIDENT_REF))
    except ValueError:
        return None


def on_task_completed(
    app: FastAPI,
) -> Callable[[AsyncSession, TaskCompleted, CloudEvent], Awaitable[None]]:
    async def apply(session: AsyncSession, task: TaskCompleted, event: CloudEvent) -> None:
        incident_id = incident_of(task.source_ref)
        if incident_id is None:
            return  # a task of the volunteers' own, not for an incident
        incident = await session.get(Incident, incident_id)
        if incident is None:
            return  # not ours (another deployment's incident): nothing to move
        now = now_of(app)
        note = f"志愿者任务已完成 (task {task.task_id})"
        volunteer = None if task.volunteer_id is None else str(task.volunteer_id)
        data = {"task_id": str(task.task_id), "event_id": event.id, "volunteer_id": volunteer}
        await record_change(
            session,
            incident,
            VOLUNTEERS_SERVICE,
            now,
            "volunteer_task_done",
            incident.state,
            note,
            data,
        )
        for action in _path_to_resolved(incident.state):
            body = TransitionRequest(action=action, note=note)
            await apply_action(session, VOLUNTEERS_SERVICE, incident, body, now)

    return apply


def _path_to_resolved(state: str) -> list[Action]:
    paths: dict[str, list[Action]] = {"assigned": ["start", "resolve"], "in_progress": ["resolve"]}
    return paths.get(state, [])
