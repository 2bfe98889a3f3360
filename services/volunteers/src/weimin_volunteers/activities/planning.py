"""Activities and their shifts, and who organises them (the team's leader or staff
managing the activity's community)."""

import math
import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_volunteers.activities import repository
from weimin_volunteers.activities.models import Activity, Shift, Signup
from weimin_volunteers.activities.schemas import (
    ActivityCreate,
    ActivityNearby,
    ActivityRead,
    NearbyActivities,
    ShiftRead,
)
from weimin_volunteers.geo import distance_m
from weimin_volunteers.scope import manager_covers
from weimin_volunteers.teams import repository as team_repository
from weimin_volunteers.teams import service as teams


async def activity_read(session: AsyncSession, activity: Activity) -> ActivityRead:
    shifts = await repository.shifts_of(session, activity.id)
    return ActivityRead(
        id=activity.id,
        title=activity.title,
        description=activity.description,
        team_id=activity.team_id,
        street_id=activity.street_id,
        community_id=activity.community_id,
        lon=activity.lon,
        lat=activity.lat,
        checkin_radius_m=activity.checkin_radius_m,
        requires_approval=activity.requires_approval,
        shifts=[ShiftRead.model_validate(shift) for shift in shifts],
        created_at=activity.created_at,
    )


async def _may_organise(
    session: AsyncSession,
    principal: Principal,
    *,
    street_id: uuid.UUID,
    community_id: uuid.UUID,
    team_id: uuid.UUID | None,
) -> bool:
    if manager_covers(principal, street=street_id, community=community_id):
        return True
    if team_id is None:
        return False
    team = await team_repository.get_team(session, team_id)
    return (
        team is not None
        and team.community_id == community_id
        and await teams.is_leader(session, principal, team)
    )


async def ensure_organiser(session: AsyncSession, principal: Principal, activity: Activity) -> None:
    """The team's leader or staff managing the activity's community; 404 for others."""
    if not await _may_organise(
        session,
        principal,
        street_id=activity.street_id,
        community_id=activity.community_id,
        team_id=activity.team_id,
    ):
        raise NotFound("No such activity")


async def create_activity(
    session: AsyncSession, principal: Principal, body: ActivityCreate, default_radius_m: int
) -> Activity:
    if body.team_id is not None and await team_repository.get_team(session, body.team_id) is None:
        raise NotFound(
            "No such team",
            errors=[{"field": "body.team_id", "reason": "no such team", "code": "not-found"}],
        )
    if not await _may_organise(
        session,
        principal,
        street_id=body.street_id,
        community_id=body.community_id,
        team_id=body.team_id,
    ):
        raise NotFound(
            "No such community",
            errors=[
                {
                    "field": "body.community_id",
                    "reason": "you do not organise there",
                    "code": "not-found",
                }
            ],
        )
    activity = Activity(
        title=body.title,
        description=body.description,
        team_id=body.team_id,
        street_id=body.street_id,
        community_id=body.community_id,
        lon=body.lon,
        lat=body.lat,
        checkin_radius_m=body.checkin_radius_m or default_radius_m,
        requires_approval=body.requires_approval,
        qr_secret=secrets.token_urlsafe(24),
    )
    await repository.add(session, activity)
    for shift in body.shifts:
        session.add(
            Shift(
                activity_id=activity.id,
                starts_at=shift.starts_at,
                ends_at=shift.ends_at,
                capacity=shift.capacity,
                taken=0,
            )
        )
    await session.flush()
    return activity


async def list_activities(
    session: AsyncSession,
    page: PageParams,
    community_id: uuid.UUID | None,
    team_id: uuid.UUID | None,
) -> Page[ActivityRead]:
    rows: Page[Activity] = await paginate(
        session,
        repository.activities(community_id, team_id),
        Activity.id,
        page,
        lambda a: a,
        parse_key=uuid.UUID,
        newest_first=True,
    )
    return Page[ActivityRead](
        items=[await activity_read(session, a) for a in rows.items], next_cursor=rows.next_cursor
    )


#: Activities looked at around one point before the nearest are picked (a city's worth).
NEARBY_CANDIDATES = 2000
METRES_PER_DEGREE = 111_320.0


def box_around(lon: float, lat: float, radius_m: float) -> tuple[float, float, float, float]:
    """(west, south, east, north) enclosing the circle, for the index to narrow by first."""
    d_lat = radius_m / METRES_PER_DEGREE
    d_lon = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return lon - d_lon, lat - d_lat, lon + d_lon, lat + d_lat


async def nearby_activities(
    session: AsyncSession, lon: float, lat: float, radius_m: float, limit: int, now: datetime
) -> NearbyActivities:
    """Activities within `radius_m` of the point whose shifts are not all over, nearest
    first: a bounding box in SQL, then the exact distance here."""
    box = box_around(lon, lat, radius_m)
    candidates = await session.scalars(repository.activities_in_box(box, now, NEARBY_CANDIDATES))
    near = sorted(
        (
            (distance, activity)
            for activity in candidates
            if (distance := distance_m(lon, lat, activity.lon, activity.lat)) <= radius_m
        ),
        key=lambda pair: pair[0],
    )[:limit]
    return NearbyActivities(
        items=[
            ActivityNearby(
                **(await activity_read(session, activity)).model_dump(),
                distance_m=round(distance),
            )
            for distance, activity in near
        ]
    )


async def locate_activity(session: AsyncSession, activity_id: uuid.UUID) -> Activity:
    activity = await repository.get_activity(session, activity_id)
    if activity is None:
        raise NotFound("No such activity")
    return activity


async def locate_shift(session: AsyncSession, shift_id: uuid.UUID) -> tuple[Shift, Activity]:
    shift = await repository.get_shift(session, shift_id)
    activity = None if shift is None else await repository.get_activity(session, shift.activity_id)
    if shift is None or activity is None:
        raise NotFound("No such shift")
    return shift, activity


async def shift_signups(
    session: AsyncSession, principal: Principal, shift_id: uuid.UUID
) -> Sequence[Signup]:
    """The sign-ups of a shift, for its activity's organisers."""
    _, activity = await locate_shift(session, shift_id)
    await ensure_organiser(session, principal, activity)
    return await repository.signups_of_shift(session, shift_id)
