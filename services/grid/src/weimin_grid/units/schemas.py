import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict

from weimin_kit.text import HumanText


class GridUnitRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    street_id: uuid.UUID
    community_id: uuid.UUID
    resident_group_id: uuid.UUID | None
    boundary: dict[str, Any]
    centroid_lon: float
    centroid_lat: float
    responsible_worker_id: uuid.UUID | None
    version: int
    created_at: datetime
    updated_at: datetime


class GridSummary(BaseModel):
    """How much of the register the caller's scope holds."""

    grid_units: int
    buildings: int
    households: int
    residents: int


class BoundaryUpdate(BaseModel):
    #: GeoJSON Polygon, WGS-84 [lon, lat]; checked by the service (422 naming the reason).
    boundary: dict[str, Any]


class Overlap(BaseModel):
    a_id: uuid.UUID
    a_code: str
    b_id: uuid.UUID
    b_code: str


class GapSample(BaseModel):
    lon: float
    lat: float


class BoundaryReport(BaseModel):
    grid_units: int
    overlaps: list[Overlap]
    #: Sample points lying in no unit though enclosed by units (first 200 of them).
    gap_samples: list[GapSample]
    gap_sample_count: int


GridRole = Literal["grid_worker", "grid_head", "building_head", "central_household_head"]


class RoleTermCreate(BaseModel):
    role: GridRole
    holder_id: uuid.UUID
    holder_name: Annotated[str, HumanText(max_length=50)]
    building_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = None


class RoleTermRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    grid_unit_id: uuid.UUID
    role: GridRole
    building_id: uuid.UUID | None
    household_id: uuid.UUID | None
    holder_id: uuid.UUID
    holder_name: str
    started_at: datetime
    ended_at: datetime | None
