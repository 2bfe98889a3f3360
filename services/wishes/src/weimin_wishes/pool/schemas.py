import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class PoolMemberRead(BaseModel):
    """A member in a community's claimer pool: ids only (names live in org-registry)."""

    id: uuid.UUID
    member_id: uuid.UUID
    report_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    account_id: uuid.UUID | None
    pledge_areas: list[str]
    joined_at: datetime

    model_config = ConfigDict(from_attributes=True)
