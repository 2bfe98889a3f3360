import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.scope import covers
from weimin_grid.units import repository
from weimin_grid.units.models import GridUnit
from weimin_grid.units.schemas import GridSummary, GridUnitRead
from weimin_kit.auth import Principal
from weimin_kit.errors import NotFound
from weimin_kit.pagination import Page, PageParams, paginate


async def list_grid_units(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    community_id: uuid.UUID | None = None,
) -> Page[GridUnitRead]:
    statement = repository.grid_units_in_scope(principal)
    if community_id is not None:
        statement = statement.where(GridUnit.community_id == community_id)
    return await paginate(
        session, statement, GridUnit.id, page, GridUnitRead.model_validate, parse_key=uuid.UUID
    )


async def locate_grid_unit(
    session: AsyncSession, principal: Principal, grid_unit_id: uuid.UUID
) -> GridUnit:
    """The grid unit, or 404 when it does not exist or lies outside the caller's scope."""
    unit = await repository.get_grid_unit(session, grid_unit_id)
    if unit is None or not covers(
        principal, street=unit.street_id, community=unit.community_id, grid=unit.id
    ):
        raise NotFound("No such grid unit")
    return unit


async def summarise(session: AsyncSession, principal: Principal) -> GridSummary:
    return GridSummary(**await repository.count_in_scope(session, principal))
