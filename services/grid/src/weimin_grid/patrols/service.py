"""Patrols with GPS check-ins, household visits and the visits now overdue.

Care tags set how often a household must be visited (an elderly person living alone
weekly, and so on); a household is due at the shortest interval among its residents'
tags, counted from its last visit, and at once if it was never visited.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import Select, String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import CareTag
from weimin_grid.field_time import field_time
from weimin_grid.geo.coords import to_wgs84
from weimin_grid.geo.service import IndexCache, locate_point
from weimin_grid.incidents.photos.service import link_check_in_photos, own_photos, photo_meta
from weimin_grid.patrols.models import Patrol, PatrolCheckIn, Visit
from weimin_grid.patrols.schemas import CheckInCreate, OverdueVisit, PatrolStart, VisitCreate
from weimin_grid.registry.models import Household, Resident
from weimin_grid.registry.service import locate_household
from weimin_grid.scope import STAFF_ROLES, covers, scope_condition
from weimin_grid.units.service import locate_grid_unit
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import Conflict, InvalidInput, NotFound

#: Days between visits per care tag (each tag of the shared vocabulary has one).
VISIT_FREQUENCY_DAYS: dict[CareTag, int] = {
    "elderly_alone": 7,
    "disabled": 14,
    "key_youth": 14,
    "low_income": 30,
    "veteran": 30,
}
OVERDUE_LIMIT = 500


class PatrolEnded(Conflict):
    code = "patrol-ended"
    title = "The patrol has already ended"
    title_zh = "巡查已结束"


async def start_patrol(
    session: AsyncSession, principal: Principal, body: PatrolStart, now: datetime
) -> Patrol:
    ensure_role(principal, *STAFF_ROLES)
    unit = await locate_grid_unit(session, principal, body.grid_unit_id)
    patrol = Patrol(
        grid_unit_id=unit.id,
        street_id=unit.street_id,
        community_id=unit.community_id,
        worker=principal.subject,
        started_at=field_time(body.started_at, now, "body.started_at"),
        note=body.note,
    )
    session.add(patrol)
    await session.flush()
    return patrol


async def locate_patrol(
    session: AsyncSession, principal: Principal, patrol_id: uuid.UUID
) -> Patrol:
    ensure_role(principal, *STAFF_ROLES)
    patrol = await session.get(Patrol, patrol_id)
    if patrol is None or not covers(
        principal, street=patrol.street_id, community=patrol.community_id, grid=patrol.grid_unit_id
    ):
        raise NotFound("No such patrol")
    return patrol


async def check_in(
    session: AsyncSession,
    principal: Principal,
    cache: IndexCache,
    patrol_id: uuid.UUID,
    body: CheckInCreate,
    now: datetime,
) -> PatrolCheckIn:
    patrol = await locate_patrol(session, principal, patrol_id)
    if patrol.ended_at is not None:
        raise PatrolEnded("Start a new patrol to check in again")
    observed_at = field_time(
        body.observed_at, now, "body.observed_at", not_before=patrol.started_at
    )
    where = body.location
    located = await locate_point(cache, where.lon, where.lat, where.crs, "body.location", session)
    photos = await own_photos(session, principal, body.photo_ids)
    entry = PatrolCheckIn(
        patrol_id=patrol.id,
        lon=located.lon,
        lat=located.lat,
        located_grid_unit_id=located.grid_unit.id,
        in_patrol_grid=located.grid_unit.id == patrol.grid_unit_id,
        note=body.note,
        photos=[photo_meta(photo) for photo in photos],
        observed_at=observed_at,
        at=now,
    )
    session.add(entry)
    await session.flush()
    link_check_in_photos(session, entry.id, photos)
    await session.flush()
    return entry


async def end_patrol(
    session: AsyncSession, principal: Principal, patrol_id: uuid.UUID, now: datetime
) -> Patrol:
    patrol = await locate_patrol(session, principal, patrol_id)
    if patrol.ended_at is not None:
        raise PatrolEnded("The patrol has already ended")
    patrol.ended_at = now
    await session.flush()
    return patrol


async def check_ins_of(session: AsyncSession, patrol_id: uuid.UUID) -> list[PatrolCheckIn]:
    statement = (
        select(PatrolCheckIn)
        .where(PatrolCheckIn.patrol_id == patrol_id)
        .order_by(PatrolCheckIn.observed_at, PatrolCheckIn.at, PatrolCheckIn.id)
    )
    return list((await session.scalars(statement)).all())


async def log_visit(
    session: AsyncSession, principal: Principal, body: VisitCreate, now: datetime
) -> Visit:
    ensure_role(principal, *STAFF_ROLES)
    household = await locate_household(session, principal, body.household_id, "body.household_id")
    visited_at = body.visited_at or now
    if visited_at.tzinfo is None:
        raise InvalidInput.field("body.visited_at", "give a time zone offset", "naive-datetime")
    if visited_at > now + timedelta(minutes=5):
        raise InvalidInput.field("body.visited_at", "lies in the future", "in-future")
    lon = lat = None
    if body.location is not None:
        lon, lat = to_wgs84(body.location.lon, body.location.lat, body.location.crs)
    visit = Visit(
        household_id=household.id,
        grid_unit_id=household.grid_unit_id,
        street_id=household.street_id,
        community_id=household.community_id,
        visitor=principal.subject,
        kind=body.kind,
        note=body.note,
        lon=None if lon is None else round(lon, 7),
        lat=None if lat is None else round(lat, 7),
        visited_at=visited_at,
        created_at=now,
    )
    session.add(visit)
    await session.flush()
    return visit


async def overdue_visits(
    session: AsyncSession, principal: Principal, grid_unit_id: uuid.UUID | None, now: datetime
) -> list[OverdueVisit]:
    ensure_role(principal, *STAFF_ROLES)
    last = (
        select(Visit.household_id, func.max(Visit.visited_at).label("last_visit"))
        .group_by(Visit.household_id)
        .subquery()
    )
    condition = scope_condition(
        principal,
        street=Resident.street_id,
        community=Resident.community_id,
        grid=Resident.grid_unit_id,
    )
    due: dict[uuid.UUID, OverdueVisit] = {}
    for tag, days in VISIT_FREQUENCY_DAYS.items():
        statement = (
            select(Household.id, Household.address, Household.grid_unit_id, last.c.last_visit)
            .join(Resident, Resident.household_id == Household.id)
            .outerjoin(last, last.c.household_id == Household.id)
            .where(cast(Resident.care_tags, String).contains(f'"{tag}"', autoescape=True))
            .where((last.c.last_visit.is_(None)) | (last.c.last_visit < now - timedelta(days=days)))
            .distinct()
        )
        if condition is not None:
            statement = statement.where(condition)
        if grid_unit_id is not None:
            statement = statement.where(Household.grid_unit_id == grid_unit_id)
        for household_id, address, unit_id, last_visit in (await session.execute(statement)).all():
            entry = due.setdefault(
                household_id,
                OverdueVisit(
                    household_id=household_id,
                    address=address,
                    grid_unit_id=unit_id,
                    care_tags=[],
                    last_visited_at=last_visit,
                    due_at=None,
                ),
            )
            entry.care_tags.append(tag)
            if last_visit is not None:
                tag_due = last_visit + timedelta(days=days)
                entry.due_at = tag_due if entry.due_at is None else min(entry.due_at, tag_due)
    never_first = sorted(
        due.values(), key=lambda e: (e.due_at is not None, e.due_at or now, str(e.household_id))
    )
    return never_first[:OVERDUE_LIMIT]


def patrols_in_scope(principal: Principal, grid_unit_id: uuid.UUID | None) -> Select[Patrol]:
    statement = select(Patrol)
    condition = scope_condition(
        principal,
        street=Patrol.street_id,
        community=Patrol.community_id,
        grid=Patrol.grid_unit_id,
    )
    if condition is not None:
        statement = statement.where(condition)
    if grid_unit_id is not None:
        statement = statement.where(Patrol.grid_unit_id == grid_unit_id)
    return statement


def visits_in_scope(principal: Principal, household_id: uuid.UUID | None) -> Select[Visit]:
    statement = select(Visit)
    condition = scope_condition(
        principal, street=Visit.street_id, community=Visit.community_id, grid=Visit.grid_unit_id
    )
    if condition is not None:
        statement = statement.where(condition)
    if household_id is not None:
        statement = statement.where(Visit.household_id == household_id)
    return statement
