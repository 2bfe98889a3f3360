import uuid
from datetime import date, datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, model_validator


class SeatCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    community_id: uuid.UUID
    person_id: uuid.UUID
    unit_organisation_id: uuid.UUID | None = None
    role: Literal["secretary", "deputy_secretary", "member"]
    employment: Literal["full_time", "part_time"]
    term_start: date
    term_end: date

    @model_validator(mode="after")
    def _term(self) -> Self:
        if self.term_end < self.term_start:
            raise ValueError("term_end is before term_start")
        return self


class SeatRead(BaseModel):
    id: uuid.UUID
    community_id: uuid.UUID
    street_id: uuid.UUID
    person_id: uuid.UUID
    unit_organisation_id: uuid.UUID | None
    role: str
    employment: str
    term_start: date
    term_end: date
    created_at: datetime

    model_config = ConfigDict(from_attributes=True)
