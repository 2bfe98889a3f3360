"""Incident statistics per grid unit, community or category, and heat data.

Counts are one GROUP BY in the database. Time to resolve and SLA compliance read columns
fixed when an incident is resolved (`resolve_seconds`, `sla_met`), so the same SQL runs on
SQLite and PostgreSQL with no date arithmetic.
"""

import math
from collections import Counter
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Integer, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.incidents.models import Incident
from weimin_grid.incidents.repository import IncidentFilter as IncidentFilter
from weimin_grid.incidents.repository import incidents_in_scope
from weimin_grid.incidents.states import OPEN_STATES
from weimin_grid.scope import STAFF_ROLES, scope_condition
from weimin_grid.statistics.schemas import StatisticsRow
from weimin_kit.auth import Principal, ensure_role

GroupBy = Literal["grid_unit", "community", "category"]
HEAT_ROW_LIMIT = 200_000

_KEYS = {
    "grid_unit": Incident.grid_unit_id,
    "community": Incident.community_id,
    "category": Incident.category_code,
}


async def incident_statistics(
    session: AsyncSession, principal: Principal, group_by: GroupBy, now: datetime
) -> list[StatisticsRow]:
    ensure_role(principal, *STAFF_ROLES)
    key = _KEYS[group_by]
    is_open = Incident.state.in_(OPEN_STATES)
    statement = select(
        key.label("key"),
        func.count().label("total"),
        func.sum(case((is_open, 1), else_=0)).label("open"),
        func.sum(case((Incident.resolve_seconds.is_not(None), 1), else_=0)).label("resolved"),
        func.sum(case((is_open & (Incident.due_at < now), 1), else_=0)).label("overdue"),
        func.sum(case((Incident.sla_met.is_(True), 1), else_=0)).label("sla_met"),
        func.avg(cast(Incident.resolve_seconds, Integer)).label("mean_resolve_seconds"),
    ).group_by(key)
    condition = scope_condition(
        principal,
        street=Incident.street_id,
        community=Incident.community_id,
        grid=Incident.grid_unit_id,
    )
    if condition is not None:
        statement = statement.where(condition)
    rows = (await session.execute(statement.order_by(key))).all()
    return [
        StatisticsRow(
            key=str(row.key),
            total=int(row.total),
            open=int(row.open or 0),
            resolved=int(row.resolved or 0),
            overdue=int(row.overdue or 0),
            sla_met=int(row.sla_met or 0),
            sla_compliance=None if not row.resolved else round(row.sla_met / row.resolved, 4),
            mean_hours_to_resolve=None
            if row.mean_resolve_seconds is None
            else round(float(row.mean_resolve_seconds) / 3600, 2),
        )
        for row in rows
    ]


async def heat_map(
    session: AsyncSession,
    principal: Principal,
    cell_m: float,
    where: IncidentFilter,
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one Point per square cell of `cell_m` metres holding
    incidents, at the cell's centre, with the count. Exact points never leave the service."""
    ensure_role(principal, *STAFF_ROLES)
    statement = incidents_in_scope(principal, where).with_only_columns(Incident.lon, Incident.lat)
    rows = (await session.execute(statement.limit(HEAT_ROW_LIMIT))).all()
    step_lat = cell_m / 111_320.0
    cells: Counter[tuple[int, int]] = Counter()
    for lon, lat in rows:
        step_lon = step_lat / max(math.cos(math.radians(lat)), 1e-6)
        cells[(math.floor(lon / step_lon), math.floor(lat / step_lat))] += 1
    features = []
    for (x, y), count in sorted(cells.items()):
        lat_centre = (y + 0.5) * step_lat
        step_lon = step_lat / max(math.cos(math.radians(lat_centre)), 1e-6)
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round((x + 0.5) * step_lon, 6), round(lat_centre, 6)],
                },
                "properties": {"count": count},
            }
        )
    return {"type": "FeatureCollection", "features": features}
