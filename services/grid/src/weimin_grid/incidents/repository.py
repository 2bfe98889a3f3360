import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.incidents.models import Incident, IncidentChange
from weimin_grid.incidents.states import LEVELS, OPEN_STATES
from weimin_grid.scope import scope_condition
from weimin_kit.auth import Principal


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    state: str | None = None
    category_code: str | None = None
    grid_unit_id: uuid.UUID | None = None
    community_id: uuid.UUID | None = None
    assignee: str | None = None
    overdue_at: datetime | None = None  # only incidents overdue at this moment
    text: str | None = None


def incidents_in_scope(
    principal: Principal, where: IncidentFilter | None = None
) -> Select[Incident]:
    statement = select(Incident)
    condition = scope_condition(
        principal,
        street=Incident.street_id,
        community=Incident.community_id,
        grid=Incident.grid_unit_id,
    )
    if condition is not None:
        statement = statement.where(condition)
    if where is None:
        return statement
    if where.state is not None:
        statement = statement.where(Incident.state == where.state)
    if where.category_code is not None:
        statement = statement.where(Incident.category_code == where.category_code)
    if where.grid_unit_id is not None:
        statement = statement.where(Incident.grid_unit_id == where.grid_unit_id)
    if where.community_id is not None:
        statement = statement.where(Incident.community_id == where.community_id)
    if where.assignee is not None:
        statement = statement.where(Incident.assignee == where.assignee)
    if where.overdue_at is not None:
        statement = statement.where(
            Incident.state.in_(OPEN_STATES), Incident.due_at < where.overdue_at
        )
    if where.text is not None:
        statement = statement.where(Incident.title.contains(where.text, autoescape=True))
    return statement


def reported_by(subject: str) -> Select[Incident]:
    return select(Incident).where(Incident.reporter_subject == subject)


async def get_incident(session: AsyncSession, incident_id: uuid.UUID) -> Incident | None:
    return await session.get(Incident, incident_id)


async def open_incidents_near(
    session: AsyncSession,
    principal: Principal,
    category_code: str,
    box: tuple[float, float, float, float],
) -> list[Incident]:
    min_lon, min_lat, max_lon, max_lat = box
    statement = incidents_in_scope(principal, IncidentFilter(category_code=category_code)).where(
        Incident.state.in_(OPEN_STATES),
        and_(Incident.lat.between(min_lat, max_lat), Incident.lon.between(min_lon, max_lon)),
    )
    return list((await session.scalars(statement.limit(500))).all())


async def timeline(session: AsyncSession, incident_id: uuid.UUID) -> list[IncidentChange]:
    statement = (
        select(IncidentChange)
        .where(IncidentChange.incident_id == incident_id)
        .order_by(IncidentChange.at, IncidentChange.id)
    )
    return list((await session.scalars(statement)).all())


async def due_for_escalation(
    session: AsyncSession, principal: Principal, now: datetime, limit: int
) -> list[Incident]:
    statement = incidents_in_scope(principal).where(
        Incident.state.in_(OPEN_STATES),
        Incident.level != LEVELS[-1],
        Incident.level_due_at < now,
    )
    return list((await session.scalars(statement.order_by(Incident.id).limit(limit))).all())
