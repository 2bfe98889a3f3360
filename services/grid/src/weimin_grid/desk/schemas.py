"""The grid worker's desk (what the phone's home shows) and a grid unit's map as GeoJSON."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel


class DeskGridUnit(BaseModel):
    id: uuid.UUID
    code: str
    name: str
    buildings: int
    households: int
    residents: int
    open_incidents: int


class DeskIncident(BaseModel):
    id: uuid.UUID
    title: str
    state: str
    priority: str
    grid_unit_id: uuid.UUID
    due_at: datetime
    overdue: bool
    assigned_to_me: bool


class DeskAlarm(BaseModel):
    id: uuid.UUID
    group_id: uuid.UUID
    group_name: str
    grid_unit_id: uuid.UUID
    kind: str
    state: Literal["open", "escalated"]
    raised_at: datetime
    answer_due_at: datetime


class Desk(BaseModel):
    """Counts are over the caller's whole scope; the lists are the first few of each."""

    grid_unit_count: int
    #: The first DESK_UNITS units by code, with what each holds.
    grid_units: list[DeskGridUnit]
    incidents_open: int
    incidents_overdue: int
    incidents_assigned_to_me: int
    #: Open incidents, the caller's own first, then soonest due (overdue ones lead).
    incidents: list[DeskIncident]
    alarms_unanswered: int
    #: Alarms nobody has answered yet (open or already escalated), newest first.
    alarms: list[DeskAlarm]
    #: Patrols the caller started since local midnight (Asia/Shanghai).
    patrols_today: int


class Feature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    #: GeoJSON geometry (WGS-84 [lon, lat]): a Polygon/MultiPolygon or a Point.
    geometry: dict[str, Any]
    #: `kind` is "grid_unit", "building" or "incident"; the rest depends on the kind.
    properties: dict[str, Any]


class GridUnitMap(BaseModel):
    """RFC 7946 FeatureCollection: the unit's boundary, its buildings, its open incidents."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    #: [min_lon, min_lat, max_lon, max_lat] of the boundary.
    bbox: list[float]
    features: list[Feature]
