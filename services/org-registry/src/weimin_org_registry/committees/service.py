"""Seats on communities' big committees, with terms that must not overlap per person."""

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import Conflict, InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_org_registry.cobuilding.repository import stationed_organisation
from weimin_org_registry.committees import repository
from weimin_org_registry.committees.models import BigCommitteeSeat
from weimin_org_registry.committees.schemas import SeatCreate, SeatRead
from weimin_org_registry.people import repository as people
from weimin_org_registry.places import community_in_scope, ensure_staff


class SeatTermsOverlap(Conflict):
    code = "seat-terms-overlap"
    title = "This person already holds a seat on this big committee in that period"


async def appoint(
    session: AsyncSession, principal: Principal, data: SeatCreate
) -> BigCommitteeSeat:
    ensure_staff(principal)
    community = await community_in_scope(session, principal, data.community_id, "body.community_id")
    if await people.visible_person(session, principal, data.person_id) is None:
        raise InvalidInput.field(
            "body.person_id", "no person with this id in your scope", "unknown-person"
        )
    if (
        data.unit_organisation_id is not None
        and await stationed_organisation(session, data.unit_organisation_id) is None
    ):
        raise InvalidInput.field(
            "body.unit_organisation_id",
            "no active stationed unit or two-new organisation with this id",
            "unknown-organisation",
        )
    clash = await repository.overlapping_seat(
        session, community.id, data.person_id, data.term_start, data.term_end
    )
    if clash is not None:
        raise SeatTermsOverlap(
            f"The seat {clash.id} runs {clash.term_start} to {clash.term_end}",
            extra={"seat_id": str(clash.id)},
        )
    assert community.street_id is not None
    seat = BigCommitteeSeat(
        community_id=community.id,
        street_id=community.street_id,
        person_id=data.person_id,
        unit_organisation_id=data.unit_organisation_id,
        role=data.role,
        employment=data.employment,
        term_start=data.term_start,
        term_end=data.term_end,
    )
    session.add(seat)
    await session.flush()
    return seat


async def seat(session: AsyncSession, principal: Principal, seat_id: uuid.UUID) -> BigCommitteeSeat:
    found = await repository.visible_seat(session, principal, seat_id)
    if found is None:
        raise NotFound("No such big-committee seat")
    return found


async def list_seats(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    community_id: uuid.UUID | None,
    person_id: uuid.UUID | None,
    in_office_on: date | None,
) -> Page[SeatRead]:
    return await paginate(
        session,
        repository.seats_query(principal, community_id, person_id, in_office_on),
        BigCommitteeSeat.id,
        page,
        SeatRead.model_validate,
        parse_key=uuid.UUID,
    )


async def list_expiring(
    session: AsyncSession, principal: Principal, page: PageParams, start: date, end: date
) -> Page[SeatRead]:
    return await paginate(
        session,
        repository.expiring_query(principal, start, end),
        BigCommitteeSeat.id,
        page,
        SeatRead.model_validate,
        parse_key=uuid.UUID,
    )
