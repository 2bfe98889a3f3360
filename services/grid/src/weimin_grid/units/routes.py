import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from weimin_grid.scope import Staff
from weimin_grid.units import service
from weimin_grid.units.schemas import GridSummary, GridUnitRead
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep

router = APIRouter(prefix="/v1/grid-units", tags=["grid-units"])


@router.get("")
async def list_grid_units(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[GridUnitRead]:
    return await service.list_grid_units(session, principal, page, community_id)


# Declared before /{grid_unit_id} so "summary" is not taken for an id.
@router.get("/summary")
async def summarise_grid(session: SessionDep, principal: Staff) -> GridSummary:
    return await service.summarise(session, principal)


@router.get("/{grid_unit_id}")
async def get_grid_unit(
    grid_unit_id: uuid.UUID, session: SessionDep, principal: Staff
) -> GridUnitRead:
    return GridUnitRead.model_validate(
        await service.locate_grid_unit(session, principal, grid_unit_id)
    )
