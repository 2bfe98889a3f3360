"""What a grid worker's phone shows first (the desk) and a grid unit's map.

The desk answers the home screen in one request instead of one per card: counts over the
caller's scope, and the first few open incidents and unanswered alarms. The map is the
unit's boundary, buildings and open incidents as one GeoJSON FeatureCollection, in the
WGS-84 the register stores (the app shifts it to GCJ-02 itself when its tiles need that).
"""

import uuid
from datetime import datetime, time
from zoneinfo import ZoneInfo

import shapely
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.desk import repository
from weimin_grid.desk.schemas import (
    Desk,
    DeskAlarm,
    DeskGridUnit,
    DeskIncident,
    Feature,
    GridUnitMap,
)
from weimin_grid.incidents.models import Incident
from weimin_grid.scope import STAFF_ROLES
from weimin_grid.units.service import locate_grid_unit
from weimin_kit.auth import Principal, ensure_role

DESK_UNITS = 20
DESK_INCIDENTS = 10
DESK_ALARMS = 10
LOCAL_TIME = ZoneInfo("Asia/Shanghai")


def local_midnight(now: datetime) -> datetime:
    """The start of the caller's day: the city keeps Beijing time."""
    local = now.astimezone(LOCAL_TIME)
    return datetime.combine(local.date(), time(0), tzinfo=LOCAL_TIME)


def _desk_incident(incident: Incident, principal: Principal, now: datetime) -> DeskIncident:
    return DeskIncident(
        id=incident.id,
        title=incident.title,
        state=incident.state,
        priority=incident.priority,
        grid_unit_id=incident.grid_unit_id,
        due_at=incident.due_at,
        overdue=now > incident.due_at,
        assigned_to_me=incident.assignee == principal.subject,
    )


async def desk(session: AsyncSession, principal: Principal, now: datetime) -> Desk:
    ensure_role(principal, *STAFF_ROLES)
    units = await repository.first_units(session, principal, DESK_UNITS)
    counts = await repository.counts_per_unit(session, [unit.id for unit in units])
    opened, overdue, mine = await repository.incident_counts(session, principal, now)
    incidents = await repository.open_incidents(session, principal, DESK_INCIDENTS)
    alarm_count, alarms = await repository.unanswered_alarms(session, principal, DESK_ALARMS)
    return Desk(
        grid_unit_count=await repository.count_units(session, principal),
        grid_units=[
            DeskGridUnit(
                id=unit.id,
                code=unit.code,
                name=unit.name,
                **{key: per_unit.get(unit.id, 0) for key, per_unit in counts.items()},
            )
            for unit in units
        ],
        incidents_open=opened,
        incidents_overdue=overdue,
        incidents_assigned_to_me=mine,
        incidents=[_desk_incident(incident, principal, now) for incident in incidents],
        alarms_unanswered=alarm_count,
        alarms=[
            DeskAlarm(
                id=alarm.id,
                group_id=alarm.group_id,
                group_name=group_name,
                grid_unit_id=alarm.grid_unit_id,
                kind=alarm.kind,
                state="escalated" if alarm.state == "escalated" else "open",
                raised_at=alarm.raised_at,
                answer_due_at=alarm.answer_due_at,
            )
            for alarm, group_name in alarms
        ],
        patrols_today=await repository.patrols_since(session, principal, local_midnight(now)),
    )


async def grid_unit_map(
    session: AsyncSession, principal: Principal, grid_unit_id: uuid.UUID, now: datetime
) -> GridUnitMap:
    """404 (as for every read) when the unit does not exist or lies outside scope."""
    unit = await locate_grid_unit(session, principal, grid_unit_id)
    min_lon, min_lat, max_lon, max_lat = shapely.geometry.shape(unit.boundary).bounds
    features = [
        Feature(
            id=f"grid_unit:{unit.id}",
            geometry=unit.boundary,
            properties={
                "kind": "grid_unit",
                "id": str(unit.id),
                "code": unit.code,
                "name": unit.name,
            },
        )
    ]
    features += [
        Feature(
            id=f"building:{building.id}",
            geometry=_point(building.lon, building.lat),
            properties={
                "kind": "building",
                "id": str(building.id),
                "address": building.address,
                "floors": building.floors,
            },
        )
        for building in await repository.unit_buildings(session, unit.id)
    ]
    features += [
        Feature(
            id=f"incident:{incident.id}",
            geometry=_point(incident.lon, incident.lat),
            properties={
                "kind": "incident",
                "id": str(incident.id),
                "title": incident.title,
                "state": incident.state,
                "priority": incident.priority,
                "due_at": incident.due_at.isoformat(),
                "overdue": now > incident.due_at,
            },
        )
        for incident in await repository.unit_open_incidents(session, unit.id)
    ]
    return GridUnitMap(bbox=[min_lon, min_lat, max_lon, max_lat], features=features)


def _point(lon: float, lat: float) -> dict[str, object]:
    return {"type": "Point", "coordinates": [lon, lat]}
