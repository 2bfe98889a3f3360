import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict

from weimin_kit.text import HumanText

Focus = Literal[
    "lake_protection",
    "sanitation",
    "civility_persuasion",
    "medical",
    "appliance_repair",
    "counselling",
    "elderly_care",
    "safety_patrol",
    "education",
    "culture",
]
JoinMode = Literal["open", "approval", "invitation"]
MemberStatus = Literal["active", "pending", "invited"]


class TeamCreate(BaseModel):
    name: Annotated[str, HumanText(max_length=100)]
    focus: Focus
    sponsor_organisation_id: uuid.UUID | None = None
    leader_volunteer_id: uuid.UUID
    join_mode: JoinMode = "open"
    street_id: uuid.UUID
    community_id: uuid.UUID


class TeamRead(BaseModel):
    """The public directory entry: anyone signed in may browse teams to join."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    focus: Focus
    sponsor_organisation_id: uuid.UUID | None
    leader_volunteer_id: uuid.UUID
    join_mode: JoinMode
    street_id: uuid.UUID
    community_id: uuid.UUID
    created_at: datetime


class MemberRead(BaseModel):
    volunteer_id: uuid.UUID
    display_name: str
    status: MemberStatus
    joined_at: datetime


class InvitationCreate(BaseModel):
    volunteer_id: uuid.UUID
