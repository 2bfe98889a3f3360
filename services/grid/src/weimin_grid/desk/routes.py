import uuid

from fastapi import APIRouter

from weimin_grid.desk import service
from weimin_grid.desk.schemas import Desk, GridUnitMap
from weimin_grid.scope import Staff
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.errors import NotFound
from weimin_kit.problems import problems

# Under /v1/grid-units (routed to this service already); included before the units router
# so "my-desk" is not taken for a grid unit's id.
router = APIRouter(prefix="/v1/grid-units", tags=["grid-units"])


@router.get("/my-desk")
async def my_desk(session: SessionDep, principal: Staff, now: Now) -> Desk:
    return await service.desk(session, principal, now)


@router.get("/{grid_unit_id}/map", responses=problems(NotFound))
async def grid_unit_map(
    grid_unit_id: uuid.UUID, session: SessionDep, principal: Staff, now: Now
) -> GridUnitMap:
    return await service.grid_unit_map(session, principal, grid_unit_id, now)
