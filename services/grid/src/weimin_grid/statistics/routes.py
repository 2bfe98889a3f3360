from typing import Annotated, Any

from fastapi import APIRouter, Query

from weimin_grid.incidents.states import State
from weimin_grid.statistics import service
from weimin_grid.statistics.schemas import StatisticsRow
from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep

router = APIRouter(prefix="/v1/incident-statistics", tags=["incident-statistics"])


@router.get("")
async def incident_statistics(
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
    group_by: Annotated[service.GroupBy, Query()] = "grid_unit",
) -> list[StatisticsRow]:
    return await service.incident_statistics(session, principal, group_by, now)


@router.get("/heat", response_model=None)
async def incident_heat_map(
    session: SessionDep,
    principal: CurrentPrincipal,
    cell_m: Annotated[float, Query(ge=50, le=5000)] = 200,
    state: Annotated[State | None, Query()] = None,
    category_code: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
) -> dict[str, Any]:
    where = service.IncidentFilter(state=state, category_code=category_code)
    return await service.heat_map(session, principal, cell_m, where)
