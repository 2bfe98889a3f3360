import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from weimin_kit.text import HumanText

Gender = Literal["male", "female"]
Registration = Literal["registered", "floating", "overseas"]
RevealableField = Literal["id_card_number", "phone"]
#: Care groups are short slugs: the shared vocabulary `weimin_events.vocabularies.CARE_TAGS`
#: (each has a visit frequency), or a slug a community records for itself.
CARE_TAG_PATTERN = r"^[a-z][a-z0-9_]{1,31}$"
CareTag = Annotated[str, StringConstraints(pattern=CARE_TAG_PATTERN)]
Name = Annotated[str, HumanText(max_length=50)]
#: Short labels typed by staff (汉族, 户主, 配偶 …).
Label = Annotated[str, HumanText(max_length=20)]
#: Why staff read, request or decide something about a person's data (audited).
Reason = Annotated[str, HumanText(max_length=500, min_visible=4)]
#: Why the person left the register: a death is recorded as the last move out.
MoveOutCause = Literal["moved_away", "deceased"]


class BuildingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    grid_unit_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    address: str
    lon: float
    lat: float
    floors: int
    standard_address_id: uuid.UUID | None = None


class HouseholdRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    building_id: uuid.UUID
    grid_unit_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    door_number: str
    address: str
    standard_address_id: uuid.UUID | None = None


class ResidentRead(BaseModel):
    """A resident as staff see it: identity number and phone always masked. Once
    anonymised: `anonymised_at` set, name and details placeholders, no household, no
    identity number, no phone, birth date cut to 1 January of the birth year."""

    id: uuid.UUID
    household_id: uuid.UUID | None
    grid_unit_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    name: str
    gender: Gender
    birth_date: date
    ethnicity: str
    registration: Registration
    care_tags: list[str]
    relation_to_head: str
    id_card_number: str | None = Field(
        description="masked, e.g. 5329************34; null once anonymised"
    )
    phone: str | None = Field(description="masked, e.g. 138****5678")
    moved_out_at: datetime | None = None
    move_out_cause: MoveOutCause | None = None
    anonymised_at: datetime | None = None
    version: int
    created_at: datetime
    updated_at: datetime


class ResidentCreate(BaseModel):
    household_id: uuid.UUID
    name: Name
    # Checked against GB 11643 by the service, so the error names the precise reason.
    id_card_number: str = Field(max_length=32)
    phone: str | None = Field(default=None, max_length=32)
    gender: Gender | None = Field(default=None, description="defaults to the ID number's")
    birth_date: date | None = Field(default=None, description="defaults to the ID number's")
    ethnicity: Label
    registration: Registration = "registered"
    care_tags: list[CareTag] = Field(default_factory=list, max_length=16)
    relation_to_head: Label


class ResidentUpdate(BaseModel):
    """Fields left out stay as they are; `phone: null` removes the phone."""

    name: Name | None = None
    phone: str | None = Field(default=None, max_length=32)
    care_tags: list[CareTag] | None = Field(default=None, max_length=16)
    registration: Registration | None = None


def _every_revealable_field() -> list[RevealableField]:
    return ["id_card_number", "phone"]


class RevealRequest(BaseModel):
    reason: Reason
    fields: list[RevealableField] = Field(
        default_factory=_every_revealable_field, min_length=1, max_length=2
    )


class ResidentReveal(BaseModel):
    """Unmasked values; only the fields asked for are filled in."""

    resident_id: uuid.UUID
    id_card_number: str | None = None
    phone: str | None = None
    audit_id: uuid.UUID


class MoveOut(BaseModel):
    reason: Annotated[str, HumanText(max_length=200, min_visible=2)]
    #: "deceased" records a death; the retention rules treat both alike.
    cause: MoveOutCause = "moved_away"
    #: When the person left, if recorded afterwards; defaults to now.
    moved_at: datetime | None = None


class MoveIn(BaseModel):
    household_id: uuid.UUID
