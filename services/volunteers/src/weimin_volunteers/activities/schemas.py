import uuid
from datetime import datetime, timedelta
from typing import Annotated, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from weimin_kit.text import HumanMultilineText, HumanText
from weimin_volunteers.registry.schemas import Latitude, Longitude

SignupStatus = Literal["pending", "confirmed", "waitlisted", "cancelled", "declined"]
Text = Annotated[str, HumanMultilineText(max_length=1000)]


class ShiftCreate(BaseModel):
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    capacity: int = Field(ge=1, le=10_000)

    @model_validator(mode="after")
    def _sensible_times(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if self.ends_at - self.starts_at > timedelta(hours=24):
            raise ValueError("a shift lasts at most 24 hours")
        return self


class ActivityCreate(BaseModel):
    title: Annotated[str, HumanText(max_length=100)]
    description: Annotated[str, HumanMultilineText(max_length=4000, min_visible=0)] = ""
    team_id: uuid.UUID | None = None
    street_id: uuid.UUID
    community_id: uuid.UUID
    lon: Longitude
    lat: Latitude
    checkin_radius_m: int | None = Field(default=None, ge=10, le=50_000)
    requires_approval: bool = False
    shifts: list[ShiftCreate] = Field(min_length=1, max_length=50)


class ShiftRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    activity_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    capacity: int
    taken: int
    attendance_confirmed_at: datetime | None


class ActivityRead(BaseModel):
    id: uuid.UUID
    title: str
    description: str
    team_id: uuid.UUID | None
    street_id: uuid.UUID
    community_id: uuid.UUID
    lon: float
    lat: float
    checkin_radius_m: int
    requires_approval: bool
    shifts: list[ShiftRead]
    created_at: datetime


class ActivityNearby(ActivityRead):
    distance_m: int


class NearbyActivities(BaseModel):
    """The nearest activities with a shift not yet over, nearest first."""

    items: list[ActivityNearby]


class ActivityQr(BaseModel):
    """For the organiser to print or show at the venue."""

    activity_id: uuid.UUID
    qr_code: str


class SignupRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    shift_id: uuid.UUID
    activity_id: uuid.UUID
    volunteer_id: uuid.UUID
    status: SignupStatus
    starts_at: datetime
    ends_at: datetime
    checked_in_at: datetime | None
    check_in_method: Literal["qr", "gps"] | None
    checked_out_at: datetime | None
    attendance: Literal["attended", "no_show"] | None


class QrCheckIn(BaseModel):
    method: Literal["qr"]
    code: str = Field(min_length=1, max_length=64)


class GpsCheckIn(BaseModel):
    method: Literal["gps"]
    lon: Longitude
    lat: Latitude


CheckIn = Annotated[QrCheckIn | GpsCheckIn, Field(discriminator="method")]


class AttendanceResult(BaseModel):
    attended: int
    no_shows: int
    credited_minutes: int


class MessageCreate(BaseModel):
    text: Text


class ReminderRun(BaseModel):
    within_hours: int = Field(default=24, ge=1, le=72)


class Delivery(BaseModel):
    notified: int


class NotificationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    subject_id: uuid.UUID | None
    text: str
    created_at: datetime
