"""The baseline for the volunteers benchmark: the same ranking query answered by a plain
full scan. Every volunteer, skill holding, certificate and task row is read (SQLite's
NOT INDEXED forbids the indexes), and the radius, the skill, the certificate, the
nearest-first pool and the recent load are worked out in Python, then ranked by the
service's own (pure) ranking."""

import math
import uuid
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_volunteers.dispatch.models import Task
from weimin_volunteers.dispatch.ranking import Candidate, Ranked, rank
from weimin_volunteers.dispatch.service import CANDIDATE_POOL, FAIRNESS_WINDOW
from weimin_volunteers.geo import distance_m
from weimin_volunteers.registry.service import local_date

VOLUNTEERS = text(
    "SELECT id, display_name, home_lon, home_lat, weekly_availability,"
    " availability_exceptions, attended_count, no_show_count, alert_consent, status"
    " FROM volunteers NOT INDEXED"
)
SKILL = text("SELECT id, requires_certificate FROM skills NOT INDEXED WHERE code = :code")
HOLDERS = text("SELECT volunteer_id FROM volunteer_skills NOT INDEXED WHERE skill_id = :skill")
CERTIFIED = text(
    "SELECT volunteer_id FROM certificates NOT INDEXED WHERE skill_id = :skill"
    " AND (expires_on IS NULL OR expires_on >= :today)"
)
LOADS = text(
    "SELECT assignee_id, count(*) FROM tasks NOT INDEXED"
    " WHERE assignee_id IS NOT NULL AND assigned_at >= :since GROUP BY assignee_id"
)


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(hex=str(value))


async def ranked_by_full_scan(session: AsyncSession, task: Task, now: datetime) -> list[Ranked]:
    import json

    qualified: set[uuid.UUID] | None = None
    if task.skill_code is not None:
        skill = (await session.execute(SKILL, {"code": task.skill_code})).one()
        holders = await session.scalars(HOLDERS, {"skill": skill.id})
        qualified = {_uuid(v) for v in holders}
        if skill.requires_certificate:
            certified = await session.scalars(
                CERTIFIED, {"skill": skill.id, "today": local_date(now).isoformat()}
            )
            qualified &= {_uuid(v) for v in certified}
    since = (now - FAIRNESS_WINDOW).replace(tzinfo=None).isoformat(sep=" ")
    loads = {_uuid(a): int(n) for a, n in (await session.execute(LOADS, {"since": since})).all()}
    cos_lat = max(0.01, math.cos(math.radians(task.lat)))
    inside = []
    for row in (await session.execute(VOLUNTEERS)).all():
        volunteer_id = _uuid(row.id)
        if row.status != "active" or (qualified is not None and volunteer_id not in qualified):
            continue
        if distance_m(task.lon, task.lat, row.home_lon, row.home_lat) > task.radius_m:
            continue
        # The service's SQL expression, operation for operation (ties break the same way).
        squared = (row.home_lon - task.lon) * cos_lat * (row.home_lon - task.lon) * cos_lat + (
            row.home_lat - task.lat
        ) * (row.home_lat - task.lat)
        inside.append((squared, volunteer_id, row))
    inside.sort(key=lambda item: (item[0], item[1]))
    candidates = [
        Candidate(
            volunteer_id=volunteer_id,
            display_name=row.display_name,
            lon=row.home_lon,
            lat=row.home_lat,
            has_skill=qualified is not None,
            weekly=json.loads(row.weekly_availability),
            exceptions=json.loads(row.availability_exceptions),
            recent_tasks=loads.get(volunteer_id, 0),
            attended=row.attended_count,
            no_shows=row.no_show_count,
            alert_consent=bool(row.alert_consent),
        )
        for _, volunteer_id, row in inside[:CANDIDATE_POOL]
    ]
    return rank(candidates, lon=task.lon, lat=task.lat, radius_m=task.radius_m, now=now)
