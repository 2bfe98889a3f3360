"""Teams: a focus, a sponsoring organisation, a leader, members and how one joins.

Open teams take a volunteer at once; approval teams hold the request until the leader (or
staff) approves; invitation teams accept only volunteers the leader invited, who then join
by accepting. The member list is for the leader and the team's community staff.
"""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_volunteers.registry import service as registry
from weimin_volunteers.registry.models import Volunteer
from weimin_volunteers.scope import MANAGING_ROLES, manager_covers, staff_covers
from weimin_volunteers.teams import repository
from weimin_volunteers.teams.errors import AlreadyMember, InvitationOnly, NothingToApprove
from weimin_volunteers.teams.models import Team, TeamMember
from weimin_volunteers.teams.schemas import MemberRead, TeamCreate, TeamRead


async def create_team(session: AsyncSession, principal: Principal, body: TeamCreate) -> Team:
    ensure_role(principal, *MANAGING_ROLES)
    if not manager_covers(principal, street=body.street_id, community=body.community_id):
        raise NotFound(
            "No such community",
            errors=[
                {"field": "body.community_id", "reason": "outside your scope", "code": "not-found"}
            ],
        )
    leader = await session.get(Volunteer, body.leader_volunteer_id)
    if leader is None or not manager_covers(
        principal, street=leader.street_id, community=leader.community_id
    ):
        raise NotFound(
            "No such volunteer",
            errors=[
                {
                    "field": "body.leader_volunteer_id",
                    "reason": "no such volunteer",
                    "code": "not-found",
                }
            ],
        )
    team = Team(**body.model_dump())
    await repository.add(session, team)
    await repository.add(
        session, TeamMember(team_id=team.id, volunteer_id=leader.id, status="active")
    )
    return team


async def list_teams(
    session: AsyncSession, page: PageParams, focus: str | None, community_id: uuid.UUID | None
) -> Page[TeamRead]:
    return await paginate(
        session,
        repository.teams(focus, community_id),
        Team.id,
        page,
        TeamRead.model_validate,
        parse_key=uuid.UUID,
    )


async def locate_team(session: AsyncSession, team_id: uuid.UUID) -> Team:
    team = await repository.get_team(session, team_id)
    if team is None:
        raise NotFound("No such team")
    return team


async def is_leader(session: AsyncSession, principal: Principal, team: Team) -> bool:
    leader = await session.get(Volunteer, team.leader_volunteer_id)
    return leader is not None and registry.is_self(principal, leader)


async def ensure_runs_team(session: AsyncSession, principal: Principal, team: Team) -> None:
    """The team's leader or a manager covering its community; 404 for anyone else."""
    if manager_covers(principal, street=team.street_id, community=team.community_id):
        return
    if await is_leader(session, principal, team):
        return
    raise NotFound("No such team")


async def list_members(
    session: AsyncSession, principal: Principal, team_id: uuid.UUID
) -> list[MemberRead]:
    team = await locate_team(session, team_id)
    if not (
        staff_covers(principal, street=team.street_id, community=team.community_id)
        or await is_leader(session, principal, team)
    ):
        raise NotFound("No such team")
    return [
        member_read(member, name) for member, name in await repository.members(session, team.id)
    ]


async def join_team(session: AsyncSession, principal: Principal, team_id: uuid.UUID) -> TeamMember:
    """The caller's own request to join (or acceptance of an invitation)."""
    volunteer = await registry.my_volunteer(session, principal)
    team = await locate_team(session, team_id)
    existing = await repository.membership(session, team.id, volunteer.id)
    if existing is not None and existing.status == "invited":
        existing.status = "active"
        await session.flush()
        return existing
    if existing is not None:
        raise AlreadyMember(f"Your membership is {existing.status}")
    if team.join_mode == "invitation":
        raise InvitationOnly("Ask the team leader for an invitation")
    member = TeamMember(
        team_id=team.id,
        volunteer_id=volunteer.id,
        status="active" if team.join_mode == "open" else "pending",
    )
    await repository.add(session, member)
    return member


async def invite(
    session: AsyncSession, principal: Principal, team_id: uuid.UUID, volunteer_id: uuid.UUID
) -> TeamMember:
    team = await locate_team(session, team_id)
    await ensure_runs_team(session, principal, team)
    volunteer = await session.get(Volunteer, volunteer_id)
    if volunteer is None or volunteer.status != "active":
        raise NotFound(
            "No such volunteer",
            errors=[
                {"field": "body.volunteer_id", "reason": "no such volunteer", "code": "not-found"}
            ],
        )
    existing = await repository.membership(session, team.id, volunteer.id)
    if existing is not None:
        raise AlreadyMember(f"That volunteer's membership is {existing.status}")
    member = TeamMember(team_id=team.id, volunteer_id=volunteer.id, status="invited")
    await repository.add(session, member)
    return member


async def approve(
    session: AsyncSession, principal: Principal, team_id: uuid.UUID, volunteer_id: uuid.UUID
) -> TeamMember:
    team = await locate_team(session, team_id)
    await ensure_runs_team(session, principal, team)
    member = await repository.membership(session, team.id, volunteer_id)
    if member is None or member.status != "pending":
        raise NothingToApprove("That volunteer has not asked to join")
    member.status = "active"
    await session.flush()
    return member


def member_read(member: TeamMember, display_name: str) -> MemberRead:
    return MemberRead(
        volunteer_id=member.volunteer_id,
        display_name=display_name,
        status=member.status,
        joined_at=member.created_at,
    )


async def read_member(session: AsyncSession, member: TeamMember) -> MemberRead:
    volunteer = await session.get(Volunteer, member.volunteer_id)
    return member_read(member, volunteer.display_name if volunteer else "")
