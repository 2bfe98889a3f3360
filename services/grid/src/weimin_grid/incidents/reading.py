"""Reading incidents: the read model, lists, the timeline and duplicate suggestions."""

import math
import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.geo.coords import Crs, distance_metres, to_wgs84
from weimin_grid.incidents import repository
from weimin_grid.incidents.models import Incident
from weimin_grid.incidents.repository import IncidentFilter as IncidentFilter
from weimin_grid.incidents.schemas import (
    DuplicateCandidate,
    IncidentRead,
    PhotoRead,
    TimelineEntry,
)
from weimin_grid.incidents.service import REPORTING_ROLES, category_of, locate_incident
from weimin_grid.incidents.states import OPEN_STATES, allowed_actions
from weimin_grid.scope import STAFF_ROLES
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.pagination import Page, PageParams, paginate


def incident_read(incident: Incident, now: datetime) -> IncidentRead:
    return IncidentRead(
        id=incident.id,
        category_code=incident.category_code,
        priority=incident.priority,
        state=incident.state,
        level=incident.level,
        title=incident.title,
        description=incident.description,
        lon=incident.lon,
        lat=incident.lat,
        grid_unit_id=incident.grid_unit_id,
        street_id=incident.street_id,
        community_id=incident.community_id,
        building_id=incident.building_id,
        channel=incident.channel,
        anonymous=incident.anonymous,
        reporter=None if incident.anonymous else incident.reporter_subject,
        caller_name=incident.caller_name,
        extra=incident.extra,
        photos=[PhotoRead.model_validate(photo) for photo in incident.photos],
        volunteer_request=incident.volunteer_request,
        media_url=incident.media_url,
        assignee=incident.assignee,
        duplicate_of_id=incident.duplicate_of_id,
        due_at=incident.due_at,
        level_due_at=incident.level_due_at,
        overdue=incident.state in OPEN_STATES and now > incident.due_at,
        resolved_at=incident.resolved_at,
        closed_at=incident.closed_at,
        sla_met=incident.sla_met,
        satisfaction=incident.satisfaction,
        return_visit_note=incident.return_visit_note,
        version=incident.version,
        occurred_at=incident.occurred_at,
        created_at=incident.created_at,
        updated_at=incident.updated_at,
    )


def incident_detail(incident: Incident, principal: Principal, now: datetime) -> IncidentRead:
    """One incident as its reader sees it, with the actions that reader may take."""
    read = incident_read(incident, now)
    read.allowed_actions = allowed_actions(
        incident.state,
        incident.level,
        principal.roles,
        own_report=incident.reporter_subject == principal.subject,
    )
    return read


async def list_incidents(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    where: IncidentFilter,
    now: datetime,
) -> Page[IncidentRead]:
    ensure_role(principal, *STAFF_ROLES)
    if where.category_code is not None:
        category_of(where.category_code, "query.category_code")
    return await paginate(
        session,
        repository.incidents_in_scope(principal, where),
        Incident.id,
        page,
        lambda incident: incident_read(incident, now),
        parse_key=uuid.UUID,
        newest_first=True,
    )


async def list_my_reports(
    session: AsyncSession, principal: Principal, page: PageParams, now: datetime
) -> Page[IncidentRead]:
    """What the caller reported, wherever it lies: a resident follows their own reports
    (FixMyStreet's "your reports") without any scope over the grid."""
    ensure_role(principal, *REPORTING_ROLES)
    return await paginate(
        session,
        repository.reported_by(principal.subject),
        Incident.id,
        page,
        lambda incident: incident_read(incident, now),
        parse_key=uuid.UUID,
        newest_first=True,
    )


async def incident_timeline(
    session: AsyncSession, principal: Principal, incident_id: uuid.UUID
) -> list[TimelineEntry]:
    incident = await locate_incident(session, principal, incident_id)
    return [
        TimelineEntry.model_validate(c) for c in await repository.timeline(session, incident.id)
    ]


async def duplicate_candidates(
    session: AsyncSession,
    principal: Principal,
    category_code: str,
    lon: float,
    lat: float,
    crs: Crs,
    radius_m: float,
    now: datetime,
) -> list[DuplicateCandidate]:
    """Open incidents of the category within `radius_m` of the point, nearest first."""
    ensure_role(principal, *STAFF_ROLES)
    category_of(category_code, "query.category_code")
    wgs_lon, wgs_lat = to_wgs84(lon, lat, crs)
    d_lat = radius_m / 111_320.0
    d_lon = radius_m / (111_320.0 * max(math.cos(math.radians(wgs_lat)), 1e-6))
    box = (wgs_lon - d_lon, wgs_lat - d_lat, wgs_lon + d_lon, wgs_lat + d_lat)
    candidates = []
    for incident in await repository.open_incidents_near(session, principal, category_code, box):
        metres = distance_metres(wgs_lon, wgs_lat, incident.lon, incident.lat)
        if metres <= radius_m:
            candidates.append(
                DuplicateCandidate(
                    incident=incident_read(incident, now), distance_m=round(metres, 1)
                )
            )
    return sorted(candidates, key=lambda candidate: candidate.distance_m)[:20]
