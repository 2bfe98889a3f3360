"""The desk's reads: a few counts and short lists, each one query over indexed columns."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.incidents.models import Incident
from weimin_grid.incidents.states import OPEN_STATES
from weimin_grid.joint_defence.models import Alarm, JointDefenceGroup
from weimin_grid.patrols.models import Patrol
from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.scope import scope_condition
from weimin_grid.units.models import GridUnit
from weimin_kit.auth import Principal

UNANSWERED_ALARM_STATES = ("open", "escalated")


def _in_scope(principal: Principal, model: Any, grid: Any) -> tuple[ColumnElement[bool], ...]:
    """The scope condition on `model` as `.where(*...)` arguments (none for an admin)."""
    condition = scope_condition(
        principal, street=model.street_id, community=model.community_id, grid=grid
    )
    return () if condition is None else (condition,)


async def count_units(session: AsyncSession, principal: Principal) -> int:
    scope = _in_scope(principal, GridUnit, GridUnit.id)
    statement = select(func.count()).select_from(GridUnit).where(*scope)
    return int(await session.scalar(statement) or 0)


async def first_units(session: AsyncSession, principal: Principal, limit: int) -> list[GridUnit]:
    statement = select(GridUnit).where(*_in_scope(principal, GridUnit, GridUnit.id))
    return list((await session.scalars(statement.order_by(GridUnit.code).limit(limit))).all())


async def counts_per_unit(
    session: AsyncSession, unit_ids: Sequence[uuid.UUID]
) -> dict[str, dict[uuid.UUID, int]]:
    """Buildings, households, residents and open incidents of each unit among `unit_ids`
    (units the caller already sees): one grouped count per table."""
    counted: dict[str, dict[uuid.UUID, int]] = {}
    for key, model, where in (
        ("buildings", Building, ()),
        ("households", Household, ()),
        ("residents", Resident, ()),
        ("open_incidents", Incident, (open_incident(),)),
    ):
        if not unit_ids:
            counted[key] = {}
            continue
        statement = (
            select(model.grid_unit_id, func.count())
            .where(model.grid_unit_id.in_(unit_ids), *where)
            .group_by(model.grid_unit_id)
        )
        counted[key] = {unit: int(n) for unit, n in (await session.execute(statement)).all()}
    return counted


def open_incident() -> ColumnElement[bool]:
    return Incident.state.in_(OPEN_STATES)


async def incident_counts(
    session: AsyncSession, principal: Principal, now: datetime
) -> tuple[int, int, int]:
    """Open, overdue and assigned-to-the-caller open incidents within scope."""
    statement = select(
        func.count(),
        func.sum(case((Incident.due_at < now, 1), else_=0)),
        func.sum(case((Incident.assignee == principal.subject, 1), else_=0)),
    ).where(open_incident(), *_in_scope(principal, Incident, Incident.grid_unit_id))
    total, overdue, mine = (await session.execute(statement)).one()
    return int(total or 0), int(overdue or 0), int(mine or 0)


async def open_incidents(session: AsyncSession, principal: Principal, limit: int) -> list[Incident]:
    mine_first = case((Incident.assignee == principal.subject, 0), else_=1)
    statement = (
        select(Incident)
        .where(open_incident(), *_in_scope(principal, Incident, Incident.grid_unit_id))
        .order_by(mine_first, Incident.due_at, Incident.id)
    )
    return list((await session.scalars(statement.limit(limit))).all())


async def unanswered_alarms(
    session: AsyncSession, principal: Principal, limit: int
) -> tuple[int, list[tuple[Alarm, str]]]:
    condition = Alarm.state.in_(UNANSWERED_ALARM_STATES)
    scope = _in_scope(principal, Alarm, Alarm.grid_unit_id)
    count = select(func.count()).select_from(Alarm).where(condition, *scope)
    rows = (
        select(Alarm, JointDefenceGroup.name)
        .join(JointDefenceGroup, JointDefenceGroup.id == Alarm.group_id)
        .where(condition, *scope)
        .order_by(Alarm.raised_at.desc(), Alarm.id)
    )
    found = (await session.execute(rows.limit(limit))).all()
    return int(await session.scalar(count) or 0), [(alarm, name) for alarm, name in found]


async def patrols_since(session: AsyncSession, principal: Principal, since: datetime) -> int:
    statement = select(func.count()).where(
        Patrol.worker == principal.subject, Patrol.started_at >= since
    )
    return int(await session.scalar(statement) or 0)


async def unit_buildings(session: AsyncSession, unit_id: uuid.UUID) -> list[Building]:
    statement = select(Building).where(Building.grid_unit_id == unit_id).order_by(Building.address)
    return list((await session.scalars(statement)).all())


async def unit_open_incidents(session: AsyncSession, unit_id: uuid.UUID) -> list[Incident]:
    statement = (
        select(Incident)
        .where(Incident.grid_unit_id == unit_id, open_incident())
        .order_by(Incident.due_at, Incident.id)
    )
    return list((await session.scalars(statement)).all())
