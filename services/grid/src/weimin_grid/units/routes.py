import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response

from weimin_grid.scope import Staff
from weimin_grid.units import boundaries, roles, service
from weimin_grid.units.schemas import (
    BoundaryReport,
    BoundaryUpdate,
    GridSummary,
    GridUnitRead,
    RoleTermCreate,
    RoleTermRead,
)
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_kit.versioning import version_etag

router = APIRouter(prefix="/v1/grid-units", tags=["grid-units"])


@router.get("")
async def list_grid_units(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[GridUnitRead]:
    return await service.list_grid_units(session, principal, page, community_id)


# Declared before /{grid_unit_id} so these words are not taken for an id.
@router.get("/summary")
async def summarise_grid(session: SessionDep, principal: Staff) -> GridSummary:
    return await service.summarise(session, principal)


@router.get("/boundary-report")
async def report_boundaries(
    session: SessionDep,
    principal: Staff,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
) -> BoundaryReport:
    return await boundaries.boundary_report(session, principal, community_id)


@router.get("/{grid_unit_id}")
async def get_grid_unit(
    grid_unit_id: uuid.UUID, session: SessionDep, principal: Staff, response: Response
) -> GridUnitRead:
    unit = await service.locate_grid_unit(session, principal, grid_unit_id)
    response.headers["ETag"] = version_etag(unit.version)
    return GridUnitRead.model_validate(unit)


@router.put("/{grid_unit_id}/boundary")
async def redraw_boundary(
    grid_unit_id: uuid.UUID,
    body: BoundaryUpdate,
    session: SessionDep,
    principal: Staff,
    request: Request,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> GridUnitRead:
    unit = await boundaries.redraw_boundary(
        session,
        principal,
        grid_unit_id,
        if_match,
        body.boundary,
        request.app.state.settings.city_bounds,
    )
    response.headers["ETag"] = version_etag(unit.version)
    return GridUnitRead.model_validate(unit)


@router.get("/{grid_unit_id}/roles")
async def list_role_terms(
    grid_unit_id: uuid.UUID,
    session: SessionDep,
    principal: Staff,
    current_only: Annotated[bool, Query()] = False,
) -> list[RoleTermRead]:
    terms = await roles.role_history(session, principal, grid_unit_id, current_only)
    return [RoleTermRead.model_validate(term) for term in terms]


@router.post("/{grid_unit_id}/roles", status_code=201)
async def appoint_role_holder(
    grid_unit_id: uuid.UUID,
    body: RoleTermCreate,
    session: SessionDep,
    principal: Staff,
    now: Now,
) -> RoleTermRead:
    return RoleTermRead.model_validate(
        await roles.appoint(session, principal, grid_unit_id, body, now)
    )
