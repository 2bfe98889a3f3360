"""Who holds each grid role, and who held it when.

Appointing a new holder closes the current term and opens another in one transaction, so
the history never has two holders of one role at once nor a gap between them.
"""

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.registry.models import Building, Household
from weimin_grid.units.boundaries import BOUNDARY_ROLES
from weimin_grid.units.errors import RoleHolderUnchanged
from weimin_grid.units.models import GridRoleTerm
from weimin_grid.units.schemas import RoleTermCreate
from weimin_grid.units.service import locate_grid_unit
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import InvalidInput

_PLACE_FIELD = {"building_head": "building_id", "central_household_head": "household_id"}


async def _check_place(
    session: AsyncSession, grid_unit_id: uuid.UUID, body: RoleTermCreate
) -> None:
    needed = _PLACE_FIELD.get(body.role)
    for name in ("building_id", "household_id"):
        value = getattr(body, name)
        if name == needed and value is None:
            raise InvalidInput.field(f"body.{name}", f"a {body.role} needs a {name}", "missing")
        if name != needed and value is not None:
            raise InvalidInput.field(f"body.{name}", f"a {body.role} takes no {name}", "invalid")
    if needed is not None:
        place: Building | Household | None = (
            await session.get(Building, body.building_id)
            if needed == "building_id"
            else await session.get(Household, body.household_id)
        )
        if place is None or place.grid_unit_id != grid_unit_id:
            raise InvalidInput.field(
                f"body.{needed}", "not a place in this grid unit", "not-in-grid-unit"
            )


async def appoint(
    session: AsyncSession,
    principal: Principal,
    grid_unit_id: uuid.UUID,
    body: RoleTermCreate,
    now: datetime,
) -> GridRoleTerm:
    ensure_role(principal, *BOUNDARY_ROLES)
    unit = await locate_grid_unit(session, principal, grid_unit_id)
    await _check_place(session, unit.id, body)
    current = await session.scalar(
        select(GridRoleTerm).where(
            GridRoleTerm.grid_unit_id == unit.id,
            GridRoleTerm.role == body.role,
            GridRoleTerm.building_id.is_(None)
            if body.building_id is None
            else GridRoleTerm.building_id == body.building_id,
            GridRoleTerm.household_id.is_(None)
            if body.household_id is None
            else GridRoleTerm.household_id == body.household_id,
            GridRoleTerm.ended_at.is_(None),
        )
    )
    if current is not None:
        if current.holder_id == body.holder_id:
            raise RoleHolderUnchanged(f"{body.holder_name} already holds this {body.role} role")
        current.ended_at = now
    term = GridRoleTerm(
        grid_unit_id=unit.id,
        street_id=unit.street_id,
        community_id=unit.community_id,
        role=body.role,
        building_id=body.building_id,
        household_id=body.household_id,
        holder_id=body.holder_id,
        holder_name=body.holder_name,
        started_at=now,
    )
    session.add(term)
    if body.role == "grid_worker":
        unit.responsible_worker_id = body.holder_id
    await session.flush()
    return term


async def role_history(
    session: AsyncSession, principal: Principal, grid_unit_id: uuid.UUID, current_only: bool
) -> list[GridRoleTerm]:
    unit = await locate_grid_unit(session, principal, grid_unit_id)
    statement = select(GridRoleTerm).where(GridRoleTerm.grid_unit_id == unit.id)
    if current_only:
        statement = statement.where(GridRoleTerm.ended_at.is_(None))
    statement = statement.order_by(GridRoleTerm.role, GridRoleTerm.started_at, GridRoleTerm.id)
    return list((await session.scalars(statement)).all())
