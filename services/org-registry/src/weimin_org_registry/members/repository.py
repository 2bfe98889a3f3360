"""Every query on party members, their transfers and their reports to communities."""

import uuid

from sqlalchemy import ColumnElement, Select, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_org_registry.identity.models import Account
from weimin_org_registry.members.models import (
    MemberReport,
    MemberService,
    PartyMember,
    PartyMemberTransfer,
)
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


async def is_own_person(session: AsyncSession, principal: Principal, person_id: uuid.UUID) -> bool:
    """Whether the person record is the caller's own (linked to their account)."""
    own = own_person_ids(principal).where(Person.id == person_id)
    return await session.scalar(own) is not None


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


async def login_account_of(session: AsyncSession, person_id: uuid.UUID) -> uuid.UUID | None:
    """The person's own login: the account their record names (`people.account_id`), else
    the oldest account created for them (`accounts.person_id`)."""
    named = await session.scalar(select(Person.account_id).where(Person.id == person_id))
    if named is not None:
        return named
    return await session.scalar(
        select(Account.id)
        .where(Account.person_id == person_id)
        .order_by(Account.created_at, Account.id)
        .limit(1)
    )


async def report_of_account(session: AsyncSession, account_id: uuid.UUID) -> MemberReport | None:
    """The report of the member whose login this account is, linked either way round."""
    people_of_account = select(Person.id).where(Person.account_id == account_id)
    person_of_account = select(Account.person_id).where(
        Account.id == account_id, Account.person_id.is_not(None)
    )
    return await session.scalar(
        select(MemberReport)
        .where(
            or_(
                MemberReport.person_id.in_(people_of_account),
                MemberReport.person_id.in_(person_of_account),
            )
        )
        .order_by(MemberReport.id)
        .limit(1)
    )


async def service_for_wish(session: AsyncSession, wish_id: uuid.UUID) -> MemberService | None:
    return await session.scalar(select(MemberService).where(MemberService.wish_id == wish_id))


async def add_to_report_totals(
    session: AsyncSession, report_id: uuid.UUID, minutes: int | None
) -> None:
    """One more service; its minutes, or (None) one more whose time was not reported."""
    # In SQL, not read-modify-write: two services of one member applied at once both count.
    await session.execute(
        update(MemberReport)
        .where(MemberReport.id == report_id)
        .values(
            services_done=MemberReport.services_done + 1,
            service_minutes=MemberReport.service_minutes + (minutes or 0),
            services_unreported=MemberReport.services_unreported + int(minutes is None),
        )
    )


def services_query(report_id: uuid.UUID) -> Select[MemberService]:
    return select(MemberService).where(MemberService.report_id == report_id)
