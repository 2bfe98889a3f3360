import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.errors import NotFound
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems
from weimin_volunteers.teams import service
from weimin_volunteers.teams.errors import AlreadyMember, InvitationOnly, NothingToApprove
from weimin_volunteers.teams.schemas import (
    Focus,
    InvitationCreate,
    MemberRead,
    TeamCreate,
    TeamRead,
)

router = APIRouter(prefix="/v1/teams", tags=["teams"])


@router.post("", status_code=201, responses=problems(NotFound))
async def create_team(
    body: TeamCreate, session: SessionDep, principal: CurrentPrincipal
) -> TeamRead:
    return TeamRead.model_validate(await service.create_team(session, principal, body))


@router.get("")
async def list_teams(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    focus: Annotated[Focus | None, Query()] = None,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[TeamRead]:
    return await service.list_teams(session, page, focus, community_id)


@router.get("/{team_id}", responses=problems(NotFound))
async def get_team(
    team_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> TeamRead:
    return TeamRead.model_validate(await service.locate_team(session, team_id))


@router.get("/{team_id}/members", responses=problems(NotFound))
async def list_members(
    team_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> list[MemberRead]:
    return await service.list_members(session, principal, team_id)


@router.post("/{team_id}/join", responses=problems(InvitationOnly, AlreadyMember))
async def join_team(
    team_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> MemberRead:
    return await service.read_member(session, await service.join_team(session, principal, team_id))


@router.post("/{team_id}/invitations", status_code=201, responses=problems(NotFound))
async def invite_to_team(
    team_id: uuid.UUID, body: InvitationCreate, session: SessionDep, principal: CurrentPrincipal
) -> MemberRead:
    member = await service.invite(session, principal, team_id, body.volunteer_id)
    return await service.read_member(session, member)


@router.post(
    "/{team_id}/members/{volunteer_id}/approval", responses=problems(NotFound, NothingToApprove)
)
async def approve_member(
    team_id: uuid.UUID, volunteer_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> MemberRead:
    return await service.read_member(
        session, await service.approve(session, principal, team_id, volunteer_id)
    )
