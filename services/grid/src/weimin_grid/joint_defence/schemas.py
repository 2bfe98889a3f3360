import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from weimin_grid.incidents.schemas import Note
from weimin_kit.text import HumanText

AlarmKind = Literal["intrusion", "fire", "medical", "dispute", "other"]
Answer = Literal["received", "on_my_way"]
AlarmState = Literal["open", "answered", "escalated"]


class MemberCreate(BaseModel):
    household_id: uuid.UUID
    account_subject: str = Field(min_length=1, max_length=255)


class GroupCreate(BaseModel):
    grid_unit_id: uuid.UUID
    name: Annotated[str, HumanText(max_length=50)]
    lead_household_id: uuid.UUID
    answer_minutes: int = Field(default=5, ge=1, le=120)
    # "About ten": a group of two is a pair of neighbours, more than fifteen is a crowd.
    members: list[MemberCreate] = Field(min_length=2, max_length=15)


class MemberRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    household_id: uuid.UUID
    account_subject: str


class GroupRead(BaseModel):
    id: uuid.UUID
    grid_unit_id: uuid.UUID
    community_id: uuid.UUID
    name: str
    lead_household_id: uuid.UUID
    answer_minutes: int
    members: list[MemberRead]


class AlarmCreate(BaseModel):
    kind: AlarmKind
    note: Note | None = None


class NoticeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    recipient: str
    recipient_kind: str
    at: datetime


class ResponseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    responder: str
    #: Who answered, by the name their account carries; null on answers kept before names
    #: were (the app then says "a neighbour"). Only staff covering the group and its
    #: members can read an alarm, and they are the ones who know each other by name.
    responder_name: str | None
    answer: Answer
    at: datetime


class AlarmRead(BaseModel):
    id: uuid.UUID
    group_id: uuid.UUID
    raised_by: str
    kind: AlarmKind
    note: str | None
    state: AlarmState
    raised_at: datetime
    answer_due_at: datetime
    escalated_at: datetime | None
    notices: list[NoticeRead]
    responses: list[ResponseRead]


class AnswerCreate(BaseModel):
    answer: Answer


class DrillCreate(BaseModel):
    held_at: datetime
    participants: int = Field(ge=1, le=500)
    scenario: Annotated[str, HumanText(max_length=100)]
    note: Note | None = None


class DrillRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    group_id: uuid.UUID
    held_at: datetime
    participants: int
    scenario: str
    note: str | None
    recorded_by: str
