"""Every query on party members, their transfers and their reports to communities."""

import uuid

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_org_registry.members.models import MemberReport, PartyMember, PartyMemberTransfer
from weimin_org_registry.people.models import Person
from weimin_org_registry.people.names import grams_suffice, indexed_under_grams
from weimin_org_registry.people.repository import own_person_ids
from weimin_org_registry.places import placed_filter


def _visible(principal: Principal) -> ColumnElement[bool]:
    """The organisation's place or the member's home: a community sees both its own
    branches' members and the in-service members who live there."""
    return or_(
        placed_filter(principal, PartyMember.street_id, PartyMember.community_id),
        placed_filter(principal, PartyMember.home_street_id, PartyMember.home_community_id),
        PartyMember.person_id.in_(own_person_ids(principal)),
    )


def members_query(
    principal: Principal,
    organisation_id: uuid.UUID | None,
    standing: str | None,
    q: str | None = None,
) -> Select[PartyMember]:
    statement = select(PartyMember).where(_visible(principal))
    if q:
        # The gram index narrows to a few people; only their names are compared, if at all.
        statement = statement.where(*indexed_under_grams(PartyMember.person_id, q))
        if not grams_suffice(q):
            named = select(Person.id).where(
                Person.id == PartyMember.person_id, Person.name.contains(q, autoescape=True)
            )
            statement = statement.where(named.exists())
    if organisation_id is not None:
        statement = statement.where(PartyMember.organisation_id == organisation_id)
    if standing is not None:
        statement = statement.where(PartyMember.standing == standing)
    return statement


async def visible_member(
    session: AsyncSession, principal: Principal, member_id: uuid.UUID
) -> PartyMember | None:
    return await session.scalar(
        select(PartyMember).where(PartyMember.id == member_id, _visible(principal))
    )


async def member_of_person(session: AsyncSession, person_id: uuid.UUID) -> PartyMember | None:
    return await session.scalar(select(PartyMember).where(PartyMember.person_id == person_id))


async def transfers_of(session: AsyncSession, member_id: uuid.UUID) -> list[PartyMemberTransfer]:
    rows = await session.scalars(
        select(PartyMemberTransfer)
        .where(PartyMemberTransfer.member_id == member_id)
        .order_by(PartyMemberTransfer.transferred_on, PartyMemberTransfer.id)
    )
    return list(rows)


async def report_of_member(session: AsyncSession, member_id: uuid.UUID) -> MemberReport | None:
    return await session.scalar(select(MemberReport).where(MemberReport.member_id == member_id))


def reports_query(principal: Principal, community_id: uuid.UUID | None) -> Select[MemberReport]:
    statement = select(MemberReport).where(
        or_(
            placed_filter(principal, MemberReport.street_id, MemberReport.community_id),
            MemberReport.person_id.in_(own_person_ids(principal)),
        )
    )
    if community_id is not None:
        statement = statement.where(MemberReport.community_id == community_id)
    return statement


async def visible_report(
    session: AsyncSession, principal: Principal, report_id: uuid.UUID
) -> MemberReport | None:
    return await session.scalar(reports_query(principal, None).where(MemberReport.id == report_id))
