import uuid
from datetime import date, datetime
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from weimin_kit.text import HumanText

ContributionKind = Literal["venue", "funds", "people", "services"]


class ContributionRead(BaseModel):
    """A contribution as stored; what it may say is checked on the way in (`Contribution`)."""

    kind: ContributionKind
    description: str
    #: Yuan for funds, m² for a venue, persons for people; none for services.
    amount: int | None = None


class Contribution(ContributionRead):
    model_config = ConfigDict(extra="forbid")

    description: Annotated[str, HumanText(max_length=200)]
    amount: Annotated[int, Field(ge=0, le=1_000_000_000)] | None = None


class AgreementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisation_id: uuid.UUID
    community_id: uuid.UUID
    contributions: Annotated[list[Contribution], Field(min_length=1, max_length=50)]
    starts_on: date
    ends_on: date

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class AgreementRead(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    community_id: uuid.UUID
    street_id: uuid.UUID
    contributions: list[ContributionRead]
    starts_on: date
    ends_on: date
    created_at: datetime

    model_config = ConfigDict(from_attributes=True)


class Partner(BaseModel):
    organisation_id: uuid.UUID
    name: str
    kind: str
    #: prefecture / city / other for stationed units; new_economic / new_social for two-new.
    group: str
    sector: str | None
    agreements_in_force: int
    contributions: list[ContributionRead]


class ContributionTotal(BaseModel):
    count: int
    amount: int


class PartnerReport(BaseModel):
    community_id: uuid.UUID
    on: date
    partners: list[Partner]
    partners_by_group: dict[str, int]
    contribution_totals: dict[str, ContributionTotal]
