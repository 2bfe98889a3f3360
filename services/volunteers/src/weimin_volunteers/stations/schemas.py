import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from weimin_kit.text import HumanMultilineText, HumanText
from weimin_volunteers.dispatch.schemas import Mode
from weimin_volunteers.registry.schemas import Latitude, Longitude, SkillCode, WeeklyWindow

Channel = Literal["walk_in", "phone", "self_service"]
Datatype = Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,39}$")]


class ItemFieldRead(BaseModel):
    """A typed field as stored; what it may say is checked on the way in (`ItemField`)."""

    code: str
    datatype: Datatype
    required: bool = False
    values: list[str] | None = None
    description: str = ""


class ItemField(ItemFieldRead):
    code: Code
    values: list[str] | None = Field(default=None, max_length=50)
    description: Annotated[str, HumanText(max_length=200, min_visible=0)] = ""


class ServiceItemCreate(BaseModel):
    code: Code
    name: Annotated[str, HumanText(max_length=100)]
    category: Code
    fields: list[ItemField] = Field(default_factory=list, max_length=30)
    skill_code: SkillCode | None = None


class ServiceItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    category: str
    fields: list[ItemFieldRead]
    skill_code: str | None


class StationCreate(BaseModel):
    street_id: uuid.UUID
    community_id: uuid.UUID
    name: Annotated[str, HumanText(max_length=100)]
    lon: Longitude
    lat: Latitude
    opening_hours: list[WeeklyWindow] = Field(default_factory=list, max_length=30)
    item_codes: list[Code] = Field(default_factory=list, max_length=100)


class StationRead(BaseModel):
    id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    name: str
    lon: float
    lat: float
    opening_hours: list[WeeklyWindow]
    item_codes: list[str]
    open_now: bool


class CatalogueUpdate(BaseModel):
    item_codes: list[Code] = Field(max_length=100)


class RequestCreate(BaseModel):
    service_code: Code
    channel: Channel
    requester_name: Annotated[str, HumanText(max_length=50)]
    attributes: dict[str, Any] = Field(default_factory=dict)
    description: Annotated[str, HumanMultilineText(max_length=2000, min_visible=0)] = ""


class RequestRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    station_id: uuid.UUID
    service_code: str
    street_id: uuid.UUID
    community_id: uuid.UUID
    channel: Channel
    requester_account_id: uuid.UUID | None
    requester_name: str
    attributes: dict[str, Any]
    description: str
    status: Literal["open", "in_progress", "dispatched", "closed"]
    handled_by: str | None
    task_id: uuid.UUID | None
    closed_at: datetime | None
    appraisal_rating: int | None
    appraisal_comment: str | None
    # Walk-in and phone requests until appraised: what the station hands the resident.
    appraisal_code: str | None = None
    created_at: datetime


class DispatchRequest(BaseModel):
    mode: Mode = "offer"
    radius_m: int = Field(default=3_000, ge=50, le=20_000)
    team_id: uuid.UUID | None = None


class Appraisal(BaseModel):
    rating: int = Field(ge=1, le=5)
    comment: Annotated[str, HumanMultilineText(max_length=500, min_visible=0)] = ""
    # A walk-in or phone request's appraisal code (from the station's slip or QR link).
    code: str | None = Field(default=None, min_length=1, max_length=32)
