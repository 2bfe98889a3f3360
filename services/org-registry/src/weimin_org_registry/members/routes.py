import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.errors import Forbidden, NotFound
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems
from weimin_org_registry.members import service
from weimin_org_registry.members.models import PartyMember
from weimin_org_registry.members.schemas import (
    MemberReportCreate,
    MemberReportRead,
    MemberServiceRead,
    PartyMemberCreate,
    PartyMemberDetail,
    PartyMemberRead,
    PartyMemberUpdate,
    TransferCreate,
    TransferRead,
)
from weimin_org_registry.members.service import AlreadyPartyMember, AlreadyReported

members = APIRouter(prefix="/v1/party-members", tags=["party-members"])
reports = APIRouter(prefix="/v1/member-reports", tags=["member-reports"])


async def _detail(session: SessionDep, member: PartyMember) -> PartyMemberDetail:
    transfers = await service.transfers_of(session, member.id)
    return PartyMemberDetail(
        **PartyMemberRead.model_validate(member).model_dump(),
        transfers=[TransferRead.model_validate(t) for t in transfers],
    )


@members.post("", status_code=201, responses=problems(AlreadyPartyMember))
async def admit_member(
    body: PartyMemberCreate, session: SessionDep, principal: CurrentPrincipal
) -> PartyMemberRead:
    return PartyMemberRead.model_validate(await service.admit_member(session, principal, body))


@members.get("")
async def list_members(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    organisation_id: uuid.UUID | None = None,
    standing: Literal["formal", "probationary"] | None = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="part of the name")
    ] = None,
) -> Page[PartyMemberRead]:
    return await service.list_members(session, principal, page, organisation_id, standing, q)


@members.get("/{member_id}", responses=problems(NotFound))
async def get_member(
    member_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> PartyMemberDetail:
    return await _detail(session, await service.member(session, principal, member_id))


@members.patch("/{member_id}")
async def change_standing(
    member_id: uuid.UUID, body: PartyMemberUpdate, session: SessionDep, principal: CurrentPrincipal
) -> PartyMemberRead:
    member = await service.change_standing(session, principal, member_id, body.standing)
    return PartyMemberRead.model_validate(member)


@members.post("/{member_id}/transfers", status_code=201, responses=problems(Forbidden))
async def transfer_member(
    member_id: uuid.UUID, body: TransferCreate, session: SessionDep, principal: CurrentPrincipal
) -> PartyMemberDetail:
    return await _detail(
        session, await service.transfer_member(session, principal, member_id, body)
    )


@reports.post("", status_code=201, responses=problems(Forbidden, AlreadyReported))
async def report_to_community(
    body: MemberReportCreate, session: SessionDep, principal: CurrentPrincipal
) -> MemberReportRead:
    report = await service.report_to_community(session, principal, body)
    return MemberReportRead.model_validate(report)


@reports.get("")
async def list_reports(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    community_id: uuid.UUID | None = None,
) -> Page[MemberReportRead]:
    return await service.list_reports(session, principal, page, community_id)


@reports.get("/{report_id}", responses=problems(NotFound))
async def get_report(
    report_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> MemberReportRead:
    return MemberReportRead.model_validate(await service.report(session, principal, report_id))


@reports.get("/{report_id}/services", responses=problems(NotFound))
async def list_report_services(
    report_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[MemberServiceRead]:
    """The services counted on the report, newest first; seen by whoever sees the report."""
    return await service.list_report_services(session, principal, page, report_id)
