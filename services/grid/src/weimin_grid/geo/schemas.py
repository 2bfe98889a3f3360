import uuid
from typing import Literal

from pydantic import BaseModel


class LocatedGridUnit(BaseModel):
    id: uuid.UUID
    code: str
    name: str
    street_id: uuid.UUID
    community_id: uuid.UUID


class NearestBuilding(BaseModel):
    id: uuid.UUID
    address: str
    lon: float
    lat: float
    distance_m: float


class LocateRead(BaseModel):
    #: The point in WGS-84 (what is stored), whatever datum it was sent in.
    lon: float
    lat: float
    crs: Literal["wgs84", "gcj02"]
    grid_unit: LocatedGridUnit
    #: Whether the caller's scope covers the unit; the register (buildings) is only shown
    #: within scope, while a unit's code and name are public administrative facts.
    in_scope: bool
    nearest_building: NearestBuilding | None
