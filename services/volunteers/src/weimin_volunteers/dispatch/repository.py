import math
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import CursorResult, Select, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_volunteers.dispatch.models import Task, TaskOffer
from weimin_volunteers.dispatch.ranking import Candidate
from weimin_volunteers.registry.models import Certificate, Skill, Volunteer, VolunteerSkill
from weimin_volunteers.scope import scope_condition
from weimin_volunteers.teams.models import TeamMember

METRES_PER_DEGREE = 111_320.0


async def add(session: AsyncSession, row: object) -> None:
    session.add(row)
    await session.flush()


async def get_task(session: AsyncSession, task_id: uuid.UUID) -> Task | None:
    return await session.get(Task, task_id)


def tasks_in_scope(principal: Principal) -> Select[Task]:
    condition = scope_condition(principal, street=Task.street_id, community=Task.community_id)
    statement = select(Task)
    return statement if condition is None else statement.where(condition)


def tasks_of_volunteer(volunteer_id: uuid.UUID) -> Select[Task]:
    offered = select(TaskOffer.task_id).where(
        TaskOffer.volunteer_id == volunteer_id, TaskOffer.status == "pending"
    )
    return select(Task).where((Task.assignee_id == volunteer_id) | Task.id.in_(offered))


async def skill_by_code(session: AsyncSession, code: str) -> Skill | None:
    return await session.scalar(select(Skill).where(Skill.code == code))


def _valid_certificate(skill_id: uuid.UUID, today: date) -> Any:
    return exists(
        select(Certificate.id).where(
            Certificate.volunteer_id == Volunteer.id,
            Certificate.skill_id == skill_id,
            (Certificate.expires_on.is_(None)) | (Certificate.expires_on >= today),
        )
    )


async def holders(session: AsyncSession, skill: Skill, today: date) -> tuple[int, int]:
    """(active volunteers holding the skill, of whom with a valid certificate if needed)."""
    base = (
        select(func.count())
        .select_from(Volunteer)
        .join(VolunteerSkill, VolunteerSkill.volunteer_id == Volunteer.id)
        .where(VolunteerSkill.skill_id == skill.id, Volunteer.status == "active")
    )
    every = int(await session.scalar(base) or 0)
    if not skill.requires_certificate:
        return every, every
    valid = int(await session.scalar(base.where(_valid_certificate(skill.id, today))) or 0)
    return every, valid


async def candidates_near(
    session: AsyncSession,
    *,
    skill: Skill | None,
    lon: float,
    lat: float,
    radius_m: int,
    today: date,
    since: datetime,
    team_id: uuid.UUID | None = None,
    consenting_only: bool = False,
) -> list[Candidate]:
    """Active, qualified volunteers inside the bounding box of the radius (the exact circle
    is applied by the ranking)."""
    d_lat = radius_m / METRES_PER_DEGREE
    d_lon = radius_m / (METRES_PER_DEGREE * max(0.01, math.cos(math.radians(lat))))
    statement = select(Volunteer).where(
        Volunteer.status == "active",
        Volunteer.home_lat.between(lat - d_lat, lat + d_lat),
        Volunteer.home_lon.between(lon - d_lon, lon + d_lon),
    )
    if skill is not None:
        statement = statement.join(
            VolunteerSkill, VolunteerSkill.volunteer_id == Volunteer.id
        ).where(VolunteerSkill.skill_id == skill.id)
        if skill.requires_certificate:
            statement = statement.where(_valid_certificate(skill.id, today))
    if team_id is not None:
        statement = statement.join(TeamMember, TeamMember.volunteer_id == Volunteer.id).where(
            TeamMember.team_id == team_id, TeamMember.status == "active"
        )
    if consenting_only:
        statement = statement.where(Volunteer.alert_consent.is_(True))
    volunteers = list(await session.scalars(statement))
    load = await recent_loads(session, [v.id for v in volunteers], since)
    return [
        Candidate(
            volunteer_id=v.id,
            display_name=v.display_name,
            lon=v.home_lon,
            lat=v.home_lat,
            has_skill=skill is not None,
            weekly=v.weekly_availability,
            exceptions=v.availability_exceptions,
            recent_tasks=load.get(v.id, 0),
            attended=v.attended_count,
            no_shows=v.no_show_count,
            alert_consent=v.alert_consent,
        )
        for v in volunteers
    ]


async def recent_loads(
    session: AsyncSession, volunteer_ids: Sequence[uuid.UUID], since: datetime
) -> dict[uuid.UUID, int]:
    if not volunteer_ids:
        return {}
    rows = await session.execute(
        select(Task.assignee_id, func.count())
        .where(Task.assignee_id.in_(list(volunteer_ids)), Task.assigned_at >= since)
        .group_by(Task.assignee_id)
    )
    return {volunteer_id: int(count) for volunteer_id, count in rows.all() if volunteer_id}


async def offers_of(session: AsyncSession, task_id: uuid.UUID) -> Sequence[TaskOffer]:
    rows = await session.scalars(
        select(TaskOffer).where(TaskOffer.task_id == task_id).order_by(TaskOffer.rank)
    )
    return rows.all()


async def _rowcount(session: AsyncSession, statement: Any) -> int:
    result: CursorResult[Any] = await session.execute(statement)  # type: ignore[assignment]
    return int(result.rowcount)


async def change_task_if(
    session: AsyncSession, task_id: uuid.UUID, condition: Any, values: Mapping[str, Any]
) -> bool:
    statement = (
        update(Task)
        .where(Task.id == task_id, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return await _rowcount(session, statement) == 1


async def change_offers(
    session: AsyncSession, task_id: uuid.UUID, condition: Any, values: Mapping[str, Any]
) -> int:
    statement = (
        update(TaskOffer)
        .where(TaskOffer.task_id == task_id, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return await _rowcount(session, statement)


async def tasks_with_expired_offers(session: AsyncSession, now: datetime) -> list[uuid.UUID]:
    rows = await session.scalars(
        select(TaskOffer.task_id)
        .where(TaskOffer.status == "pending", TaskOffer.expires_at <= now)
        .distinct()
    )
    return sorted(rows)


async def active_team_members(session: AsyncSession, team_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.scalars(
        select(TeamMember.volunteer_id)
        .where(TeamMember.team_id == team_id, TeamMember.status == "active")
        .order_by(TeamMember.volunteer_id)
    )
    return list(rows)


async def last_round_robin_assignee(session: AsyncSession, team_id: uuid.UUID) -> uuid.UUID | None:
    return await session.scalar(
        select(Task.assignee_id)
        .where(Task.team_id == team_id, Task.mode == "round_robin", Task.assignee_id.is_not(None))
        .order_by(Task.assigned_at.desc(), Task.id.desc())
        .limit(1)
    )
