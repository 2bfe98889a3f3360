import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from weimin_grid.incidents.schemas import Location, Note, PhotoRead
from weimin_kit.text import HumanMultilineText


class PatrolStart(BaseModel):
    grid_unit_id: uuid.UUID
    note: Note | None = None
    #: When the worker set out, if the start is sent afterwards (offline); defaults to now.
    #: Time zone required, at most 5 minutes ahead and at most 7 days back.
    started_at: datetime | None = None


class CheckInCreate(BaseModel):
    location: Location
    note: Note | None = None
    #: Photos the caller uploaded through POST /v1/incident-photos.
    photo_ids: list[uuid.UUID] = Field(default_factory=list, max_length=9)
    #: When the worker was there, if the check-in is sent afterwards (offline); defaults to
    #: now. Time zone required, at most 5 minutes ahead, and not before the patrol's start
    #: (less 5 minutes for a phone clock that lags).
    observed_at: datetime | None = None


class CheckInRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    lon: float
    lat: float
    located_grid_unit_id: uuid.UUID
    in_patrol_grid: bool
    note: str | None
    photos: list[PhotoRead]
    #: When the worker was there (the phone's time when made offline); lists sort by it.
    observed_at: datetime
    #: When the server received the check-in.
    at: datetime


class PatrolRead(BaseModel):
    id: uuid.UUID
    grid_unit_id: uuid.UUID
    worker: str
    started_at: datetime
    ended_at: datetime | None
    note: str | None
    check_ins: list[CheckInRead]


class VisitCreate(BaseModel):
    household_id: uuid.UUID
    kind: Literal["home", "phone"] = "home"
    note: Annotated[str, HumanMultilineText(max_length=1000, min_visible=0)] | None = None
    location: Location | None = None
    #: When the visit happened, if logged afterwards (offline); defaults to now.
    visited_at: datetime | None = None


class VisitRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    household_id: uuid.UUID
    grid_unit_id: uuid.UUID
    visitor: str
    kind: str
    note: str | None
    lon: float | None
    lat: float | None
    visited_at: datetime


class VisitFrequency(BaseModel):
    care_tag: str
    every_days: int


class OverdueVisit(BaseModel):
    household_id: uuid.UUID
    address: str
    grid_unit_id: uuid.UUID
    #: The care tags (of anyone in the household) whose visit is due.
    care_tags: list[str]
    last_visited_at: datetime | None
    #: None when the household was never visited.
    due_at: datetime | None
