import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from weimin_kit.text import HumanText

RevealableField = Literal["id_card_number", "phone"]


class PersonCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, HumanText(max_length=100)]
    gender: Literal["male", "female"]
    ethnicity: Annotated[str, HumanText(max_length=16)]
    id_card_number: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    phone: Annotated[str, StringConstraints(min_length=1, max_length=32)] | None = None
    community_id: uuid.UUID
    account_id: uuid.UUID | None = None


class PersonRead(BaseModel):
    """Identity number and phone masked (5329************12, 199****5678)."""

    id: uuid.UUID
    name: str
    gender: str
    ethnicity: str
    id_card_number: str
    phone: str | None
    street_id: uuid.UUID
    community_id: uuid.UUID
    account_id: uuid.UUID | None
    created_at: datetime


class PersonLookup(BaseModel):
    """In a body, not a query string: identity numbers must not reach access logs."""

    model_config = ConfigDict(extra="forbid")

    id_card_number: Annotated[str, StringConstraints(min_length=1, max_length=32)]


def _every_field() -> list[RevealableField]:
    return ["id_card_number", "phone"]


class RevealRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, HumanText(max_length=500, min_visible=4)]
    fields: Annotated[list[RevealableField], Field(min_length=1, max_length=2)] = Field(
        default_factory=_every_field
    )


class RevealedPerson(BaseModel):
    id: uuid.UUID
    id_card_number: str | None = None
    phone: str | None = None


class RevealAuditRead(BaseModel):
    id: uuid.UUID
    person_id: uuid.UUID
    community_id: uuid.UUID
    principal_subject: str
    principal_roles: list[str]
    fields: list[str]
    reason: str
    request_id: str | None
    at: datetime

    model_config = ConfigDict(from_attributes=True)
