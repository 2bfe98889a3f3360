"""Joint-defence alarms (grid's `alarm.raised`): the nearest volunteers who opted in to
alarm alerts, within a radius of the alarm's building, are each alerted once.

The nearest are found with dispatch's nearest-first search (growing boxes over the home
index); the box's corners lie outside the radius, so the exact circle is applied here."""

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import AlarmRaised
from weimin_kit.auth import Principal
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_volunteers.alarms.models import AlarmAlert
from weimin_volunteers.alarms.schemas import AlarmAlertRead
from weimin_volunteers.dispatch.repository import candidates_near
from weimin_volunteers.geo import distance_m
from weimin_volunteers.registry.service import local_date, my_volunteer


async def alert_nearest(
    session: AsyncSession, alarm: AlarmRaised, *, count: int, radius_m: int, now: datetime
) -> int:
    """Alert up to `count` volunteers; returns how many were newly alerted. Without a point
    nobody can be chosen by distance, so nobody is alerted."""
    if alarm.lon is None or alarm.lat is None:
        return 0
    lon, lat = alarm.lon, alarm.lat
    nearest = await candidates_near(
        session,
        skill=None,
        lon=lon,
        lat=lat,
        radius_m=radius_m,
        today=local_date(now),
        since=now,
        alarm_consenting_only=True,
        nearest=count,
    )
    distances = {c.volunteer_id: distance_m(lon, lat, c.lon, c.lat) for c in nearest}
    inside = [v for v, d in distances.items() if d <= radius_m]
    already = set(
        await session.scalars(
            select(AlarmAlert.volunteer_id).where(AlarmAlert.alarm_id == alarm.alarm_id)
        )
    )
    fresh = [v for v in inside if v not in already]
    session.add_all(
        AlarmAlert(
            alarm_id=alarm.alarm_id,
            volunteer_id=volunteer_id,
            group_id=alarm.group_id,
            kind=alarm.kind[:40],
            grid_unit_id=alarm.grid_unit_id,
            community_id=alarm.community_id,
            lon=lon,
            lat=lat,
            distance_m=round(distances[volunteer_id]),
            created_at=now,
        )
        for volunteer_id in fresh
    )
    await session.flush()
    return len(fresh)


async def my_alarm_alerts(
    session: AsyncSession, principal: Principal, page: PageParams
) -> Page[AlarmAlertRead]:
    me = await my_volunteer(session, principal)
    return await paginate(
        session,
        select(AlarmAlert).where(AlarmAlert.volunteer_id == me.id),
        AlarmAlert.id,
        page,
        AlarmAlertRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
