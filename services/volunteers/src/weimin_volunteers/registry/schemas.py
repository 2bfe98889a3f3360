import uuid
from datetime import date, datetime
from typing import Annotated, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from weimin_kit.text import HumanText

SKILL_CODE_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"
SkillCode = Annotated[str, StringConstraints(pattern=SKILL_CODE_PATTERN)]
Name = Annotated[str, HumanText(max_length=50)]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Latitude = Annotated[float, Field(ge=-90, le=90)]


class SkillCreate(BaseModel):
    code: SkillCode
    name: Annotated[str, HumanText(max_length=100)]
    requires_certificate: bool = False


class SkillRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    requires_certificate: bool


class WeeklyWindow(BaseModel):
    weekday: int = Field(ge=0, le=6, description="Monday 0 … Sunday 6, Asia/Shanghai")
    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class AvailabilityExceptionRead(BaseModel):
    """An exception as stored; what it may say is checked on the way in."""

    starts_at: AwareDatetime
    ends_at: AwareDatetime
    reason: str = ""


class AvailabilityException(AvailabilityExceptionRead):
    reason: Annotated[str, HumanText(max_length=200, min_visible=0)] = ""

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class Availability(BaseModel):
    weekly: list[WeeklyWindow] = Field(default_factory=list, max_length=50)
    exceptions: list[AvailabilityException] = Field(default_factory=list, max_length=100)


class AvailabilityRead(BaseModel):
    weekly: list[WeeklyWindow]
    exceptions: list[AvailabilityExceptionRead]


class CertificateCreate(BaseModel):
    skill_code: SkillCode
    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    issuer: Annotated[str, HumanText(max_length=100)]
    issued_on: date
    expires_on: date | None = None


class CertificateRead(BaseModel):
    id: uuid.UUID
    skill_code: str
    number: str
    issuer: str
    issued_on: date
    expires_on: date | None
    valid: bool


class VolunteerCreate(BaseModel):
    person_id: uuid.UUID
    account_id: uuid.UUID | None = None
    display_name: Name
    street_id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID | None = None
    home_lon: Longitude
    home_lat: Latitude
    skill_codes: list[SkillCode] = Field(default_factory=list, max_length=30)
    availability: Availability = Field(default_factory=Availability)
    alert_consent: bool = False


class SkillsUpdate(BaseModel):
    skill_codes: list[SkillCode] = Field(max_length=30)


class AlertConsent(BaseModel):
    consent: bool


class VolunteerRead(BaseModel):
    id: uuid.UUID
    person_id: uuid.UUID
    account_id: uuid.UUID | None
    display_name: str
    street_id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID | None
    home_lon: float
    home_lat: float
    skill_codes: list[str]
    certificates: list[CertificateRead]
    availability: AvailabilityRead
    alert_consent: bool
    alert_consent_at: datetime | None
    alarm_alert_consent: bool
    alarm_alert_consent_at: datetime | None
    status: Literal["active", "suspended"]
    attended_count: int
    no_show_count: int
    created_at: datetime
    updated_at: datetime
