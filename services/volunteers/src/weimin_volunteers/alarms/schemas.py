import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class AlarmAlertRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    alarm_id: uuid.UUID
    group_id: uuid.UUID
    kind: str
    grid_unit_id: uuid.UUID
    community_id: uuid.UUID | None
    lon: float
    lat: float
    distance_m: int
    created_at: datetime
