import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from weimin_kit.text import HumanText

Reason = Annotated[str, HumanText(max_length=500, min_visible=2)]
#: The six joint areas double as the areas a member pledges service in.
JointArea = Literal[
    "thought_work", "public_order", "public_welfare", "environment", "culture_sport", "economy"
]


class PartyMemberCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: uuid.UUID
    organisation_id: uuid.UUID
    standing: Literal["formal", "probationary"]
    joined_on: date


class PartyMemberUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    standing: Literal["formal", "probationary"]


class TransferCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to_organisation_id: uuid.UUID
    transferred_on: date
    reason: Reason


class TransferRead(BaseModel):
    id: uuid.UUID
    from_organisation_id: uuid.UUID
    to_organisation_id: uuid.UUID
    transferred_on: date
    reason: str
    actor: str

    model_config = ConfigDict(from_attributes=True)


class PartyMemberRead(BaseModel):
    id: uuid.UUID
    person_id: uuid.UUID
    organisation_id: uuid.UUID
    street_id: uuid.UUID | None
    community_id: uuid.UUID | None
    home_community_id: uuid.UUID
    standing: str
    joined_on: date
    created_at: datetime

    model_config = ConfigDict(from_attributes=True)


class PartyMemberDetail(PartyMemberRead):
    transfers: list[TransferRead]


class PledgeRead(BaseModel):
    """A pledge as stored; what it may say is checked on the way in (`Pledge`)."""

    area: JointArea
    description: str
    hours_per_month: int


class Pledge(PledgeRead):
    model_config = ConfigDict(extra="forbid")

    description: Annotated[str, HumanText(max_length=200)]
    hours_per_month: Annotated[int, Field(ge=1, le=200)]


class MemberReportCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_id: uuid.UUID
    reported_on: date
    pledges: Annotated[list[Pledge], Field(min_length=1, max_length=20)]


class MemberReportRead(BaseModel):
    id: uuid.UUID
    member_id: uuid.UUID
    person_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    reported_on: date
    pledges: list[PledgeRead]
    services_done: int
    service_minutes: int = Field(description="the minutes reported for the services done")
    services_unreported: int = Field(
        description="services done whose time was not reported (they add no minutes)"
    )
    created_at: datetime

    model_config = ConfigDict(from_attributes=True)


class MemberServiceRead(BaseModel):
    """One service counted on a report: a wish the member fulfilled."""

    id: uuid.UUID
    report_id: uuid.UUID
    wish_id: uuid.UUID
    claim_id: uuid.UUID
    community_id: uuid.UUID
    claimer_type: str
    minutes: int | None = Field(description="as reported by the claimer; null: not reported")
    fulfilled_at: datetime
    recorded_at: datetime

    model_config = ConfigDict(from_attributes=True)
