"""Party members (standing, transfers with history) and their reports to home communities."""

import uuid
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import MemberReported
from weimin_kit.auth import Principal
from weimin_kit.errors import Conflict, InvalidInput, NotFound
from weimin_kit.outbox import record_event
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_org_registry.members import repository
from weimin_org_registry.members.models import (
    MemberReport,
    MemberService,
    PartyMember,
    PartyMemberTransfer,
)
from weimin_org_registry.members.schemas import (
    MemberReportCreate,
    MemberReportRead,
    MemberServiceRead,
    PartyMemberCreate,
    PartyMemberRead,
    TransferCreate,
)
from weimin_org_registry.organisations import repository as organisations
from weimin_org_registry.organisations.models import PARTY_KINDS, STATIONED_KINDS, Organisation
from weimin_org_registry.people import repository as people
from weimin_org_registry.people.models import Person
from weimin_org_registry.places import ensure_staff

SOURCE = "/weimin/org-registry"
MEMBER_ORGANISATION_KINDS = (*PARTY_KINDS, *STATIONED_KINDS)


class AlreadyPartyMember(Conflict):
    code = "already-party-member"
    title = "This person is already a party member"
    title_zh = "此人已是党员"


class AlreadyReported(Conflict):
    code = "member-already-reported"
    title = "This member has already reported to a community"
    title_zh = "该党员已向社区报到"


async def _person(session: AsyncSession, principal: Principal, person_id: uuid.UUID) -> Person:
    found = await people.visible_person(session, principal, person_id)
    if found is None:
        raise InvalidInput.field(
            "body.person_id", "no person with this id in your scope", "unknown-person"
        )
    return found


async def _party_organisation(
    session: AsyncSession, principal: Principal, organisation_id: uuid.UUID, field: str
) -> Organisation:
    found = await organisations.visible_organisation(session, principal, organisation_id)
    if found is None or found.status != "active" or found.kind not in MEMBER_ORGANISATION_KINDS:
        raise InvalidInput.field(
            field, "no active party organisation with this id in your scope", "unknown-organisation"
        )
    return found


async def admit_member(
    session: AsyncSession, principal: Principal, data: PartyMemberCreate
) -> PartyMember:
    ensure_staff(principal)
    person = await _person(session, principal, data.person_id)
    organisation = await _party_organisation(
        session, principal, data.organisation_id, "body.organisation_id"
    )
    if await repository.member_of_person(session, person.id) is not None:
        raise AlreadyPartyMember("This person already has a membership; transfer it instead")
    member = PartyMember(
        person_id=person.id,
        organisation_id=organisation.id,
        street_id=organisation.street_id,
        community_id=organisation.community_id,
        home_street_id=person.street_id,
        home_community_id=person.community_id,
        standing=data.standing,
        joined_on=data.joined_on,
    )
    session.add(member)
    await session.flush()
    return member


async def member(session: AsyncSession, principal: Principal, member_id: uuid.UUID) -> PartyMember:
    found = await repository.visible_member(session, principal, member_id)
    if found is None:
        raise NotFound("No such party member")
    return found


async def change_standing(
    session: AsyncSession, principal: Principal, member_id: uuid.UUID, standing: str
) -> PartyMember:
    ensure_staff(principal)
    found = await member(session, principal, member_id)
    found.standing = standing
    await session.flush()
    return found


async def transfer_member(
    session: AsyncSession, principal: Principal, member_id: uuid.UUID, data: TransferCreate
) -> PartyMember:
    ensure_staff(principal)
    found = await member(session, principal, member_id)
    target = await _party_organisation(
        session, principal, data.to_organisation_id, "body.to_organisation_id"
    )
    if target.id == found.organisation_id:
        raise InvalidInput.field(
            "body.to_organisation_id", "the member already belongs here", "same-organisation"
        )
    history = await repository.transfers_of(session, found.id)
    earliest = history[-1].transferred_on if history else found.joined_on
    if data.transferred_on < earliest:
        raise InvalidInput.field(
            "body.transferred_on", f"must not be before {earliest.isoformat()}", "before-history"
        )
    session.add(
        PartyMemberTransfer(
            member_id=found.id,
            from_organisation_id=found.organisation_id,
            to_organisation_id=target.id,
            transferred_on=data.transferred_on,
            reason=data.reason,
            actor=principal.subject,
        )
    )
    found.organisation_id = target.id
    found.street_id, found.community_id = target.street_id, target.community_id
    await session.flush()
    return found


async def report_to_community(
    session: AsyncSession, principal: Principal, data: MemberReportCreate
) -> MemberReport:
    """The member reports to their home community: on their own phone (their own record),
    or its secretary (or above) registers it for them."""
    found = await repository.visible_member(session, principal, data.member_id)
    own = found is not None and await repository.is_own_person(session, principal, found.person_id)
    if not own:
        ensure_staff(principal)
    if found is None or not (
        own or principal.covers(street=found.home_street_id, community=found.home_community_id)
    ):
        raise InvalidInput.field(
            "body.member_id", "no party member living in your scope has this id", "unknown-member"
        )
    if await repository.report_of_member(session, found.id) is not None:
        raise AlreadyReported("This member has already reported to their home community")
    report = MemberReport(
        member_id=found.id,
        person_id=found.person_id,
        street_id=found.home_street_id,
        community_id=found.home_community_id,
        reported_on=data.reported_on,
        pledges=[p.model_dump() for p in data.pledges],
        services_done=0,
        service_minutes=0,
        services_unreported=0,
    )
    session.add(report)
    await session.flush()
    account_id = await repository.login_account_of(session, found.person_id)
    await record_event(
        session,
        source=SOURCE,
        subject=str(report.id),
        payload=MemberReported(
            report_id=report.id,
            member_id=found.id,
            person_id=found.person_id,
            community_id=report.community_id,
            street_id=report.street_id,
            pledge_areas=sorted({p.area for p in data.pledges}),
            # Lets the wishes and volunteers services know the member when they sign in.
            account_id=account_id,
        ),
    )
    return report


async def report(session: AsyncSession, principal: Principal, report_id: uuid.UUID) -> MemberReport:
    found = await repository.visible_report(session, principal, report_id)
    if found is None:
        raise NotFound("No such member report")
    return found


async def transfers_of(session: AsyncSession, member_id: uuid.UUID) -> list[PartyMemberTransfer]:
    return list(await repository.transfers_of(session, member_id))


async def list_members(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    organisation_id: uuid.UUID | None,
    standing: Literal["formal", "probationary"] | None,
    q: str | None,
) -> Page[PartyMemberRead]:
    return await paginate(
        session,
        repository.members_query(principal, organisation_id, standing, q),
        # A name search pages in person order, the order the name-gram index holds them
        # in: the first page is read straight off the index instead of sorting every match.
        PartyMember.person_id if q else PartyMember.id,
        page,
        PartyMemberRead.model_validate,
        parse_key=uuid.UUID,
    )


async def list_reports(
    session: AsyncSession, principal: Principal, page: PageParams, community_id: uuid.UUID | None
) -> Page[MemberReportRead]:
    return await paginate(
        session,
        repository.reports_query(principal, community_id),
        MemberReport.id,
        page,
        MemberReportRead.model_validate,
        parse_key=uuid.UUID,
    )


async def list_report_services(
    session: AsyncSession, principal: Principal, page: PageParams, report_id: uuid.UUID
) -> Page[MemberServiceRead]:
    found = await report(session, principal, report_id)
    return await paginate(
        session,
        repository.services_query(found.id),
        MemberService.id,
        page,
        MemberServiceRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
