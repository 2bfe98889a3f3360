import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from weimin_kit.pagination import Page
from weimin_kit.text import HumanText

Reason = Annotated[str, HumanText(max_length=500, min_visible=2)]


class HoursEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    volunteer_id: uuid.UUID
    minutes: int
    kind: Literal["shift", "manual", "reversal", "wish"]
    signup_id: uuid.UUID | None
    reverses_entry_id: uuid.UUID | None
    reason: str
    minutes_reported: bool = Field(
        description="false: the time was not reported (a wish fulfilled without saying how "
        "long it took: 0 minutes), or these minutes had been assumed and are corrected"
    )
    created_at: datetime


class HoursSummary(BaseModel):
    volunteer_id: uuid.UUID
    confirmed_minutes: int
    confirmed_hours: float
    stars: int = Field(ge=0, le=5)
    next_star_at_hours: int | None
    entries: Page[HoursEntryRead]


class ManualCredit(BaseModel):
    """Hours earned outside a shift (a fulfilled wish, a dispatched task)."""

    minutes: int = Field(gt=0, le=24 * 60)
    reason: Reason
    # Makes a retried credit a no-op: the same key is credited once.
    credit_key: Annotated[str, StringConstraints(pattern=r"^[\x21-\x7e]{1,64}$")] | None = None


class ReversalCreate(BaseModel):
    reason: Reason
