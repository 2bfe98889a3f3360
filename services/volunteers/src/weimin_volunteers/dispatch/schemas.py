import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from weimin_kit.text import HumanMultilineText, HumanText
from weimin_volunteers.registry.schemas import Latitude, Longitude, SkillCode

TaskKind = Literal["service_request", "incident", "urgent_help"]
Mode = Literal["assign", "offer", "grab", "round_robin"]
TaskStatus = Literal["open", "offered", "assigned", "completed", "cancelled"]


class TaskCreate(BaseModel):
    kind: TaskKind
    title: Annotated[str, HumanText(max_length=200)]
    description: Annotated[str, HumanMultilineText(max_length=4000, min_visible=0)] = ""
    skill_code: SkillCode | None = None
    street_id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID | None = None
    lon: Longitude
    lat: Latitude
    radius_m: int = Field(default=3_000, ge=50, le=20_000)
    mode: Mode = "offer"
    team_id: uuid.UUID | None = Field(default=None, description="required for round_robin")
    offer_k: int = Field(default=3, ge=1, le=20)
    offer_timeout_seconds: int = Field(default=300, ge=30, le=86_400)
    volunteers_wanted: int = Field(
        default=1, ge=1, le=50, description="hands asked for; the task has one assignee"
    )
    source_ref: str | None = Field(
        default=None, max_length=100, description="unique: one task per incident or request"
    )


class TaskRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: TaskKind
    title: str
    description: str
    skill_code: str | None
    street_id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID | None
    lon: float
    lat: float
    radius_m: int
    mode: Mode
    team_id: uuid.UUID | None
    offer_k: int
    offer_timeout_seconds: int
    volunteers_wanted: int
    status: TaskStatus
    assignee_id: uuid.UUID | None
    assigned_at: datetime | None
    completed_at: datetime | None
    source_ref: str | None
    created_at: datetime


class CandidateRead(BaseModel):
    rank: int
    volunteer_id: uuid.UUID
    display_name: str
    score: float
    distance_m: int
    available_now: bool
    recent_tasks: int
    reliability: float
    reasons: list[str]


class CandidateList(BaseModel):
    task_id: uuid.UUID
    candidates: list[CandidateRead]
    #: Why the list is empty (or short): nobody has the skill, certificates lapsed, too far.
    explanation: str | None = None


class OfferRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    task_id: uuid.UUID
    volunteer_id: uuid.UUID
    rank: int
    status: Literal["pending", "accepted", "declined", "expired", "withdrawn"]
    offered_at: datetime
    expires_at: datetime
    responded_at: datetime | None


class TaskDetail(BaseModel):
    task: TaskRead
    offers: list[OfferRead]
    alerted: int = 0


class AssignmentCreate(BaseModel):
    volunteer_id: uuid.UUID


class CompletionCreate(BaseModel):
    minutes: int = Field(default=0, ge=0, le=24 * 60, description="service hours to credit")
