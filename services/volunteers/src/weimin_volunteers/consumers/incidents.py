"""An incident was reported (grid's `incident.reported`). When the reporter asked for
hands, a dispatch task is opened for it at the incident's point, in its community, and
offered to the best-ranked volunteers exactly as a task staff create would be.

The task's natural key is `incident:<id>` (a unique `source_ref`): one incident never
opens two tasks, whatever the deliveries. The dispatch model needs a point to rank people
by and a community to scope the task to; a report without them opens no task (grid's
incidents always have both)."""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import IncidentReported
from weimin_kit.auth import Principal
from weimin_kit.clock import now_of
from weimin_kit.events.envelope import CloudEvent
from weimin_volunteers.config import Settings
from weimin_volunteers.dispatch import repository
from weimin_volunteers.dispatch.creation import create_task
from weimin_volunteers.dispatch.schemas import TaskCreate
from weimin_volunteers.registry.repository import skills_by_code

#: Acts for the grid, which may open a task in any community (like the platform itself).
GRID_SERVICE = Principal(subject="service:grid", roles=frozenset({"admin"}))
#: At least this many are offered the task at once, more when more hands are wanted.
OFFERED_AT_ONCE = 3


def incident_ref(incident: IncidentReported) -> str:
    return f"incident:{incident.incident_id}"


def on_incident_reported(
    app: FastAPI,
) -> Callable[[AsyncSession, IncidentReported, CloudEvent], Awaitable[None]]:
    settings: Settings = app.state.settings

    async def apply(session: AsyncSession, incident: IncidentReported, event: CloudEvent) -> None:
        if not incident.needs_hands:
            return
        if incident.lon is None or incident.lat is None:
            return  # nowhere to rank volunteers around
        if incident.community_id is None or incident.street_id is None:
            return  # no community whose staff would follow the task
        if await repository.task_for_source(session, incident_ref(incident)) is not None:
            return
        wanted = incident.volunteers_wanted or 1
        # The catalogue's first matching skill ranks the task; one volunteers' catalogue
        # does not know is named in the description rather than refusing the request.
        known = await skills_by_code(session, incident.skills)
        skill = next((code for code in incident.skills if code in known), None)
        asked = f"skills: {', '.join(incident.skills)}; " if incident.skills else ""
        body = TaskCreate(
            kind="incident",
            title=f"Incident {incident.category_code[:100]}: hands wanted",
            description=f"{asked}priority {incident.priority}"[:4000],
            skill_code=skill,
            street_id=incident.street_id,
            community_id=incident.community_id,
            grid_unit_id=incident.grid_unit_id,
            lon=incident.lon,
            lat=incident.lat,
            radius_m=settings.incident_task_radius_m,
            mode="offer",
            offer_k=min(20, max(OFFERED_AT_ONCE, wanted)),
            volunteers_wanted=wanted,
            source_ref=incident_ref(incident),
        )
        await create_task(session, GRID_SERVICE, body, now_of(app))

    return apply
