import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from weimin_grid.registry.schemas import Reason, ResidentUpdate

DataRequestKind = Literal["correction", "deletion"]
DataRequestState = Literal["pending", "completed", "refused"]


class DataRequestCreate(BaseModel):
    """A resident's request as staff take it down. A correction names the new values
    (as in `PATCH /v1/residents/{id}`); a deletion names none."""

    kind: DataRequestKind
    reason: Reason
    changes: ResidentUpdate | None = None


class DataRequestDecision(BaseModel):
    reason: Reason


class DataRequestCompletion(BaseModel):
    reason: Reason | None = None


class DataRequestRead(BaseModel):
    """A request and its decision; `fields` names what a correction changes (the new
    values are never shown, and are dropped once the request is decided)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    resident_id: uuid.UUID
    kind: DataRequestKind
    state: DataRequestState
    fields: list[str]
    reason: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None


class PersonalDataAuditRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    action: str
    principal_subject: str
    principal_roles: list[str]
    resident_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID
    data_request_id: uuid.UUID | None
    fields: list[str]
    request_id: str | None
    at: datetime
