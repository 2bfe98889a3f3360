import uuid
from datetime import date, datetime
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from weimin_kit.text import HumanMultilineText, HumanText

JointArea = Literal[
    "thought_work", "public_order", "public_welfare", "environment", "culture_sport", "economy"
]
TaskStatus = Literal["open", "in_progress", "done"]


class Resolution(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, HumanText(max_length=300)]
    area: JointArea
    owner_organisation_id: uuid.UUID
    due_on: date


class MeetingCreate(BaseModel):
    """A community meeting names `community_id`; a street meeting names `street_id` only."""

    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID | None = None
    street_id: uuid.UUID | None = None
    title: Annotated[str, HumanText(max_length=200)]
    held_on: date
    minutes: Annotated[str, HumanMultilineText(max_length=20_000)]
    attendee_unit_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=200)]
    resolutions: Annotated[list[Resolution], Field(max_length=100)] = []

    @model_validator(mode="after")
    def _one_place(self) -> Self:
        if (self.community_id is None) == (self.street_id is None):
            raise ValueError("name exactly one of community_id and street_id")
        return self


class TaskRead(BaseModel):
    id: uuid.UUID
    meeting_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID | None
    area: str
    title: str
    owner_organisation_id: uuid.UUID
    due_on: date
    status: str
    completed_on: date | None

    model_config = ConfigDict(from_attributes=True)


class MeetingRead(BaseModel):
    id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID | None
    title: str
    held_on: date
    minutes: str
    attendee_unit_ids: list[uuid.UUID]
    created_at: datetime

    model_config = ConfigDict(from_attributes=True)


class MeetingDetail(MeetingRead):
    tasks: list[TaskRead]


class TaskUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: TaskStatus
    #: Required when the status becomes done.
    completed_on: date | None = None

    @model_validator(mode="after")
    def _completion(self) -> Self:
        if (self.status == "done") != (self.completed_on is not None):
            raise ValueError("completed_on is given exactly when the status is done")
        return self


class OverdueReport(BaseModel):
    on: date
    total: int
    by_area: dict[str, int]
    by_owner: dict[str, int]
    tasks: list[TaskRead]
