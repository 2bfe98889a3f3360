import uuid
from collections.abc import Sequence

from sqlalchemy import Select, delete, exists, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_volunteers.registry.models import Certificate, Skill, Volunteer, VolunteerSkill
from weimin_volunteers.scope import account_id_of, scope_condition
from weimin_volunteers.teams.models import Team, TeamMember


async def list_skills(session: AsyncSession) -> Sequence[Skill]:
    return (await session.scalars(select(Skill).order_by(Skill.code))).all()


async def skills_by_code(session: AsyncSession, codes: Sequence[str]) -> dict[str, Skill]:
    if not codes:
        return {}
    rows = await session.scalars(select(Skill).where(Skill.code.in_(list(codes))))
    return {skill.code: skill for skill in rows}


async def skill_code_taken(session: AsyncSession, code: str) -> bool:
    return (await session.scalar(select(Skill.id).where(Skill.code == code))) is not None


async def add(session: AsyncSession, row: object) -> None:
    session.add(row)
    await session.flush()


async def get_volunteer(session: AsyncSession, volunteer_id: uuid.UUID) -> Volunteer | None:
    return await session.get(Volunteer, volunteer_id)


async def volunteer_of_account(session: AsyncSession, account_id: uuid.UUID) -> Volunteer | None:
    return await session.scalar(select(Volunteer).where(Volunteer.account_id == account_id))


async def person_or_account_taken(
    session: AsyncSession, person_id: uuid.UUID, account_id: uuid.UUID | None
) -> bool:
    condition = Volunteer.person_id == person_id
    if account_id is not None:
        condition = condition | (Volunteer.account_id == account_id)
    return (await session.scalar(select(Volunteer.id).where(condition).limit(1))) is not None


async def skill_codes_of(session: AsyncSession, volunteer_id: uuid.UUID) -> list[str]:
    rows = await session.scalars(
        select(Skill.code)
        .join(VolunteerSkill, VolunteerSkill.skill_id == Skill.id)
        .where(VolunteerSkill.volunteer_id == volunteer_id)
        .order_by(Skill.code)
    )
    return list(rows)


async def replace_skills(
    session: AsyncSession, volunteer_id: uuid.UUID, skill_ids: Sequence[uuid.UUID]
) -> None:
    await session.execute(delete(VolunteerSkill).where(VolunteerSkill.volunteer_id == volunteer_id))
    if skill_ids:
        home = (
            await session.execute(
                select(Volunteer.home_lon, Volunteer.home_lat).where(Volunteer.id == volunteer_id)
            )
        ).one()
        await session.execute(
            insert(VolunteerSkill),
            [
                {
                    "volunteer_id": volunteer_id,
                    "skill_id": skill_id,
                    "home_lon": home.home_lon,
                    "home_lat": home.home_lat,
                }
                for skill_id in skill_ids
            ],
        )


async def certificates_of(
    session: AsyncSession, volunteer_id: uuid.UUID
) -> Sequence[tuple[Certificate, str]]:
    rows = await session.execute(
        select(Certificate, Skill.code)
        .join(Skill, Skill.id == Certificate.skill_id)
        .where(Certificate.volunteer_id == volunteer_id)
        .order_by(Certificate.id)
    )
    return [(certificate, code) for certificate, code in rows.all()]


def _led_team_member_ids(account_id: uuid.UUID) -> Select[uuid.UUID]:
    """Volunteers who are active members of a team led by the account's volunteer record."""
    return (
        select(TeamMember.volunteer_id)
        .join(Team, Team.id == TeamMember.team_id)
        .join(Volunteer, Volunteer.id == Team.leader_volunteer_id)
        .where(Volunteer.account_id == account_id, TeamMember.status == "active")
    )


def volunteers_visible_to(principal: Principal) -> Select[Volunteer]:
    """Staff: their scope. Anyone: their own record and the members of teams they lead."""
    condition = scope_condition(
        principal,
        street=Volunteer.street_id,
        community=Volunteer.community_id,
        grid=Volunteer.grid_unit_id,
    )
    statement = select(Volunteer)
    if condition is None:
        return statement
    account_id = account_id_of(principal)
    if account_id is None:
        return statement.where(condition)
    return statement.where(
        condition
        | (Volunteer.account_id == account_id)
        | Volunteer.id.in_(_led_team_member_ids(account_id))
    )


async def leads_team_of(
    session: AsyncSession, account_id: uuid.UUID, volunteer_id: uuid.UUID
) -> bool:
    statement = select(
        exists(_led_team_member_ids(account_id).where(TeamMember.volunteer_id == volunteer_id))
    )
    return bool(await session.scalar(statement))
