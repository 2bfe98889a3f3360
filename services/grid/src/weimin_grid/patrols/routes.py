import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from weimin_grid.geo.service import IndexCacheDep
from weimin_grid.patrols import service
from weimin_grid.patrols.models import Patrol, Visit
from weimin_grid.patrols.schemas import (
    CheckInCreate,
    CheckInRead,
    OverdueVisit,
    PatrolRead,
    PatrolStart,
    VisitCreate,
    VisitFrequency,
    VisitRead,
)
from weimin_grid.scope import Staff
from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep, paginate

patrols = APIRouter(prefix="/v1/patrols", tags=["patrols"])
visits = APIRouter(prefix="/v1/visits", tags=["visits"])


async def _patrol_read(session: SessionDep, patrol: Patrol) -> PatrolRead:
    check_ins = await service.check_ins_of(session, patrol.id)
    return PatrolRead(
        id=patrol.id,
        grid_unit_id=patrol.grid_unit_id,
        worker=patrol.worker,
        started_at=patrol.started_at,
        ended_at=patrol.ended_at,
        note=patrol.note,
        check_ins=[CheckInRead.model_validate(c) for c in check_ins],
    )


@patrols.post("", status_code=201)
async def start_patrol(
    body: PatrolStart, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> PatrolRead:
    return await _patrol_read(session, await service.start_patrol(session, principal, body, now))


@patrols.get("")
async def list_patrols(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    grid_unit_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[PatrolRead]:
    result = await paginate(
        session,
        service.patrols_in_scope(principal, grid_unit_id),
        Patrol.id,
        page,
        lambda p: p,
        parse_key=uuid.UUID,
        newest_first=True,
    )
    return Page[PatrolRead](
        items=[await _patrol_read(session, p) for p in result.items],
        next_cursor=result.next_cursor,
    )


@patrols.get("/{patrol_id}")
async def get_patrol(
    patrol_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> PatrolRead:
    return await _patrol_read(session, await service.locate_patrol(session, principal, patrol_id))


@patrols.post("/{patrol_id}/check-ins", status_code=201)
async def check_in(
    patrol_id: uuid.UUID,
    body: CheckInCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    cache: IndexCacheDep,
    now: Now,
) -> CheckInRead:
    entry = await service.check_in(session, principal, cache, patrol_id, body, now)
    return CheckInRead.model_validate(entry)


@patrols.post("/{patrol_id}/end")
async def end_patrol(
    patrol_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> PatrolRead:
    return await _patrol_read(session, await service.end_patrol(session, principal, patrol_id, now))


@visits.get("/frequencies")
async def list_visit_frequencies(principal: Staff) -> list[VisitFrequency]:
    return [
        VisitFrequency(care_tag=tag, every_days=days)
        for tag, days in service.VISIT_FREQUENCY_DAYS.items()
    ]


@visits.get("/overdue")
async def list_overdue_visits(
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
    grid_unit_id: Annotated[uuid.UUID | None, Query()] = None,
) -> list[OverdueVisit]:
    return await service.overdue_visits(session, principal, grid_unit_id, now)


@visits.post("", status_code=201)
async def log_visit(
    body: VisitCreate, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> VisitRead:
    return VisitRead.model_validate(await service.log_visit(session, principal, body, now))


@visits.get("")
async def list_visits(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    household_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[VisitRead]:
    return await paginate(
        session,
        service.visits_in_scope(principal, household_id),
        Visit.id,
        page,
        VisitRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
