import uuid
from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_volunteers.registry.models import Volunteer
from weimin_volunteers.teams.models import Team, TeamMember


def teams(focus: str | None, community_id: uuid.UUID | None) -> Select[Team]:
    statement = select(Team)
    if focus is not None:
        statement = statement.where(Team.focus == focus)
    if community_id is not None:
        statement = statement.where(Team.community_id == community_id)
    return statement


async def get_team(session: AsyncSession, team_id: uuid.UUID) -> Team | None:
    return await session.get(Team, team_id)


async def membership(
    session: AsyncSession, team_id: uuid.UUID, volunteer_id: uuid.UUID
) -> TeamMember | None:
    return await session.get(TeamMember, (team_id, volunteer_id))


async def add(session: AsyncSession, row: object) -> None:
    session.add(row)
    await session.flush()


async def members(session: AsyncSession, team_id: uuid.UUID) -> Sequence[tuple[TeamMember, str]]:
    rows = await session.execute(
        select(TeamMember, Volunteer.display_name)
        .join(Volunteer, Volunteer.id == TeamMember.volunteer_id)
        .where(TeamMember.team_id == team_id)
        .order_by(TeamMember.created_at, TeamMember.volunteer_id)
    )
    return [(first, second) for first, second in rows.all()]


async def active_member_ids(session: AsyncSession, team_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.scalars(
        select(TeamMember.volunteer_id)
        .where(TeamMember.team_id == team_id, TeamMember.status == "active")
        .order_by(TeamMember.volunteer_id)
    )
    return list(rows)
