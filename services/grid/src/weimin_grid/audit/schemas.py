import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class RevealAuditRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    principal_subject: str
    principal_roles: list[str]
    resident_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID
    fields: list[str]
    reason: str
    request_id: str | None
    at: datetime


class OwnRevealRead(BaseModel):
    """One of the caller's own reveals, for their "my reveals" list."""

    id: uuid.UUID
    resident_id: uuid.UUID
    #: None when the resident is no longer within the caller's scope.
    resident_name: str | None
    grid_unit_id: uuid.UUID
    fields: list[str]
    reason: str
    at: datetime
