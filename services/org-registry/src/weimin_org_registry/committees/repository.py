"""Every query on big-committee seats."""

import uuid
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_org_registry.committees.models import BigCommitteeSeat
from weimin_org_registry.places import placed_filter


def seats_query(
    principal: Principal,
    community_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
    in_office_on: date | None = None,
) -> Select[BigCommitteeSeat]:
    statement = select(BigCommitteeSeat).where(
        placed_filter(principal, BigCommitteeSeat.street_id, BigCommitteeSeat.community_id)
    )
    if community_id is not None:
        statement = statement.where(BigCommitteeSeat.community_id == community_id)
    if person_id is not None:
        statement = statement.where(BigCommitteeSeat.person_id == person_id)
    if in_office_on is not None:
        statement = statement.where(
            BigCommitteeSeat.term_start <= in_office_on, BigCommitteeSeat.term_end >= in_office_on
        )
    return statement


def expiring_query(principal: Principal, on: date, until: date) -> Select[BigCommitteeSeat]:
    return seats_query(principal).where(
        BigCommitteeSeat.term_end >= on, BigCommitteeSeat.term_end <= until
    )


async def overlapping_seat(
    session: AsyncSession, community_id: uuid.UUID, person_id: uuid.UUID, start: date, end: date
) -> BigCommitteeSeat | None:
    return await session.scalar(
        select(BigCommitteeSeat).where(
            BigCommitteeSeat.community_id == community_id,
            BigCommitteeSeat.person_id == person_id,
            BigCommitteeSeat.term_start <= end,
            BigCommitteeSeat.term_end >= start,
        )
    )


async def visible_seat(
    session: AsyncSession, principal: Principal, seat_id: uuid.UUID
) -> BigCommitteeSeat | None:
    return await session.scalar(seats_query(principal).where(BigCommitteeSeat.id == seat_id))
