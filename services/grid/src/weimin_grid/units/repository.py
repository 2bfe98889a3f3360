import uuid

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.scope import scope_condition
from weimin_grid.units.models import GridUnit
from weimin_kit.auth import Principal


def grid_units_in_scope(principal: Principal) -> Select[GridUnit]:
    statement = select(GridUnit)
    condition = scope_condition(
        principal, street=GridUnit.street_id, community=GridUnit.community_id, grid=GridUnit.id
    )
    return statement if condition is None else statement.where(condition)


async def get_grid_unit(session: AsyncSession, grid_unit_id: uuid.UUID) -> GridUnit | None:
    return await session.get(GridUnit, grid_unit_id)


async def count_in_scope(session: AsyncSession, principal: Principal) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key, model, grid in (
        ("grid_units", GridUnit, GridUnit.id),
        ("buildings", Building, Building.grid_unit_id),
        ("households", Household, Household.grid_unit_id),
        ("residents", Resident, Resident.grid_unit_id),
    ):
        statement = select(func.count()).select_from(model)
        condition = scope_condition(
            principal, street=model.street_id, community=model.community_id, grid=grid
        )
        if condition is not None:
            statement = statement.where(condition)
        counts[key] = int(await session.scalar(statement) or 0)
    return counts
