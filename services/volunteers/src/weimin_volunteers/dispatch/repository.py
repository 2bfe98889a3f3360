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


async def task_for_source(session: AsyncSession, source_ref: str) -> Task | None:
    return await session.scalar(select(Task).where(Task.source_ref == source_ref))


def tasks_in_scope(principal: Principal) -> Select[Task]:
    condition = scope_condition(
        principal, street=Task.street_id, community=Task.community_id, grid=Task.grid_unit_id
    )
    statement = select(Task)
    return statement if condition is None else statement.where(condition)


def tasks_of_volunteer(volunteer_id: uuid.UUID, now: datetime) -> Select[Task]:
    """Tasks given to the volunteer, or offered to them and not yet timed out."""
    offered = select(TaskOffer.task_id).where(
        TaskOffer.volunteer_id == volunteer_id,
        TaskOffer.status == "pending",
        TaskOffer.expires_at > now,
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


#: Half the side of the first box searched for the nearest volunteers; doubled until the
#: pool is found inside the circle the box encloses, or the box reaches the task's radius.
FIRST_BOX_M = 250


def _qualified(
    skill: Skill | None,
    today: date,
    team_id: uuid.UUID | None,
    consenting_only: bool,
    alarm_consenting_only: bool,
) -> Select[Any]:
    statement: Select[Any] = select(
        Volunteer.id,
        Volunteer.display_name,
        Volunteer.home_lon,
        Volunteer.home_lat,
        Volunteer.weekly_availability,
        Volunteer.availability_exceptions,
        Volunteer.attended_count,
        Volunteer.no_show_count,
        Volunteer.alert_consent,
    ).where(Volunteer.status == "active")
    if skill is not None:
        # The box is then searched on the skill's holders (volunteer_skills carries their
        # home, indexed by skill and place), not on everyone nearby.
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
    if alarm_consenting_only:
        statement = statement.where(Volunteer.alarm_alert_consent.is_(True))
    return statement


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
    alarm_consenting_only: bool = False,
    nearest: int | None = None,
) -> list[Candidate]:
    """Active, qualified volunteers inside the bounding box of the radius (the exact circle
    is applied by the ranking); with `nearest`, only that many, nearest first.

    The nearest are searched in growing boxes over the (home_lat, home_lon) index: the
    n-th nearest in a box of half-side h is the n-th nearest overall once it lies within h
    (nobody outside the box is nearer than h). Distances here are equirectangular, which
    at a city's scale orders people as the ranking's great-circle distance does."""
    base = _qualified(skill, today, team_id, consenting_only, alarm_consenting_only)
    home: Any = Volunteer if skill is None else VolunteerSkill
    cos_lat = max(0.01, math.cos(math.radians(lat)))
    east = (home.home_lon - lon) * cos_lat
    north = home.home_lat - lat
    squared = (east * east + north * north).label("squared_degrees")
    half = radius_m if nearest is None else min(radius_m, FIRST_BOX_M)
    while True:
        d_lat = half / METRES_PER_DEGREE
        d_lon = d_lat / cos_lat
        statement = base.where(
            home.home_lat.between(lat - d_lat, lat + d_lat),
            home.home_lon.between(lon - d_lon, lon + d_lon),
        )
        if nearest is not None:
            statement = statement.add_columns(squared).order_by(squared, Volunteer.id)
            statement = statement.limit(nearest)
        rows = (await session.execute(statement)).all()
        if nearest is None or half >= radius_m:
            break
        if len(rows) == nearest:
            farthest_m = math.sqrt(rows[-1].squared_degrees) * METRES_PER_DEGREE
            if farthest_m <= half:
                break
            # `nearest` people lie within farthest_m: a box that wide holds the answer.
            half = min(radius_m, math.ceil(farthest_m) + 1)
        else:
            # The whole box held too few: grow it by the shortfall in area (at most 4x).
            shortfall = math.sqrt(nearest / max(1, len(rows))) * 1.2
            half = min(radius_m, math.ceil(half * min(4.0, max(1.5, shortfall))))
    load = await recent_loads(session, [row.id for row in rows], since)
    return [
        Candidate(
            volunteer_id=row.id,
            display_name=row.display_name,
            lon=row.home_lon,
            lat=row.home_lat,
            has_skill=skill is not None,
            weekly=row.weekly_availability,
            exceptions=row.availability_exceptions,
            recent_tasks=load.get(row.id, 0),
            attended=row.attended_count,
            no_shows=row.no_show_count,
            alert_consent=row.alert_consent,
        )
        for row in rows
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
