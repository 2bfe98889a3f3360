import uuid
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_kit.types import utcnow
from weimin_org_registry.committees import service
from weimin_org_registry.committees.schemas import SeatCreate, SeatRead

router = APIRouter(prefix="/v1/big-committee-seats", tags=["big-committees"])


@router.post("", status_code=201)
async def appoint(body: SeatCreate, session: SessionDep, principal: CurrentPrincipal) -> SeatRead:
    return SeatRead.model_validate(await service.appoint(session, principal, body))


@router.get("")
async def list_seats(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    community_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
    in_office_on: date | None = None,
) -> Page[SeatRead]:
    return await service.list_seats(session, principal, page, community_id, person_id, in_office_on)


@router.get("/expiring")
async def list_expiring(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    within_days: Annotated[int, Query(ge=1, le=3650)] = 90,
    on: Annotated[date | None, Query(description="default: today (UTC)")] = None,
) -> Page[SeatRead]:
    """Seats whose term ends between `on` and `on + within_days`."""
    start = on or utcnow().date()
    return await service.list_expiring(
        session, principal, page, start, start + timedelta(days=within_days)
    )


@router.get("/{seat_id}")
async def get_seat(
    seat_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> SeatRead:
    return SeatRead.model_validate(await service.seat(session, principal, seat_id))
