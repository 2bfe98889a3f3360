import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


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
    created_at: datetime
    updated_at: datetime


class GridSummary(BaseModel):
    """How much of the register the caller's scope holds."""

    grid_units: int
    buildings: int
    households: int
    residents: int
