import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from weimin_grid.incidents.catalogue import FieldType, Priority
from weimin_grid.incidents.states import Action, Level, State
from weimin_kit.text import HumanMultilineText, HumanText

Channel = Literal["app", "phone_call", "walk_in", "partner"]
PhotoContentType = Literal["image/jpeg", "image/png", "image/webp"]
Text = Annotated[str, HumanText(max_length=100)]
#: A note or comment: optional, so it may be empty.
Note = Annotated[str, HumanMultilineText(max_length=500, min_visible=0)]


class ChoiceRead(BaseModel):
    """One value of an enum field: `value` is what a report sends and stores."""

    value: str
    label: str
    label_en: str


class ExtraFieldRead(BaseModel):
    name: str
    type: FieldType
    label: str
    label_en: str
    required: bool
    #: The enum's values (what a report sends), in order; `choice_labels` names each.
    choices: list[str]
    choice_labels: list[ChoiceRead]
    minimum: int | None
    maximum: int | None


class CategoryRead(BaseModel):
    code: str
    name: str
    name_en: str
    major_code: str
    major_name: str
    major_name_en: str
    extension: bool
    sla_hours: dict[Priority, int]
    fields: list[ExtraFieldRead]


class Location(BaseModel):
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    crs: Literal["wgs84", "gcj02"] = "wgs84"


class PhotoMeta(BaseModel):
    """A photo already uploaded to the object store: the service keeps its metadata."""

    url: str = Field(min_length=1, max_length=500, pattern=r"^(https://|/media/)")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    content_type: PhotoContentType
    size_bytes: int = Field(gt=0, le=20_000_000)
    width: int | None = Field(default=None, gt=0, le=20_000)
    height: int | None = Field(default=None, gt=0, le=20_000)


class PhotoRead(BaseModel):
    """A photo of an incident: from the object store (no `id`), or uploaded here (`id`,
    and `url` is `/v1/incident-photos/{id}`)."""

    id: uuid.UUID | None = None
    url: str
    #: Uploaded photos only: `url` + `?size=thumb` (a JPEG, 320 px on its long side).
    thumbnail_url: str | None = None
    sha256: str
    content_type: PhotoContentType
    size_bytes: int
    width: int | None = None
    height: int | None = None


class VolunteerRequest(BaseModel):
    """The reporter asks for volunteers' hands: the volunteers service opens a dispatch
    task at the incident's place and offers it to the nearest who fit."""

    volunteers_wanted: int = Field(default=1, ge=1, le=50)
    skills: list[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,39}$")]] = Field(
        default_factory=list, max_length=10
    )


class IncidentCreate(BaseModel):
    category_code: str = Field(pattern=r"^\d{4}$")
    priority: Priority = "normal"
    title: Text
    description: Annotated[str, HumanMultilineText(max_length=2000, min_visible=0)] = ""
    location: Location
    channel: Channel = "app"
    anonymous: bool = False
    # Reporting on behalf of a caller or visitor: their name as they gave it.
    caller_name: Annotated[str, HumanText(max_length=50)] | None = None
    extra: dict[str, Any] = Field(default_factory=dict)
    photos: list[PhotoMeta] = Field(default_factory=list, max_length=9)
    #: Photos uploaded through POST /v1/incident-photos by the caller.
    photo_ids: list[uuid.UUID] = Field(default_factory=list, max_length=9)
    volunteer_request: VolunteerRequest | None = None
    #: When the reporter saw it, if the report is sent afterwards (offline); defaults to
    #: now. Time zone required, at most 5 minutes ahead and at most 7 days back.
    occurred_at: datetime | None = None

    @model_validator(mode="after")
    def _at_most_nine_photos(self) -> "IncidentCreate":
        if len(self.photos) + len(set(self.photo_ids)) > 9:
            raise ValueError("at most 9 photos in all (photos and photo_ids)")
        return self


class TransitionRequest(BaseModel):
    action: Action
    note: Note | None = None
    assignee: str | None = Field(default=None, min_length=1, max_length=255)
    duplicate_of_id: uuid.UUID | None = None


class ReturnVisitRequest(BaseModel):
    satisfaction: int = Field(ge=1, le=5)
    note: Note | None = None


class SatisfactionAnswer(BaseModel):
    """The reporter's own answer to the satisfaction question."""

    satisfaction: int = Field(ge=1, le=5)
    comment: Note | None = None


class IncidentRead(BaseModel):
    id: uuid.UUID
    category_code: str
    priority: Priority
    state: State
    level: Level
    title: str
    description: str
    lon: float
    lat: float
    grid_unit_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    building_id: uuid.UUID | None
    channel: Channel
    anonymous: bool
    #: None for an anonymous report.
    reporter: str | None
    caller_name: str | None
    extra: dict[str, Any]
    photos: list[PhotoRead]
    volunteer_request: VolunteerRequest | None = None
    #: A link to a photo elsewhere (an Open311 report's `media_url`); not fetched by us.
    media_url: str | None = None
    assignee: str | None
    duplicate_of_id: uuid.UUID | None
    due_at: datetime
    level_due_at: datetime
    overdue: bool
    resolved_at: datetime | None
    closed_at: datetime | None
    sla_met: bool | None
    satisfaction: int | None
    return_visit_note: str | None
    version: int
    #: When the reporter saw it (the phone's time for a report made offline).
    occurred_at: datetime
    #: When the report arrived; the deadline counts from it.
    created_at: datetime
    updated_at: datetime
    #: What the reader may do to it now (the transitions API's actions). Filled on the
    #: detail and after a transition; empty in lists, which would cost a check per row.
    allowed_actions: list[Action] = Field(default_factory=list)


class DuplicateCandidate(BaseModel):
    incident: IncidentRead
    distance_m: float


class TimelineEntry(BaseModel):
    model_config = {"from_attributes": True}

    id: uuid.UUID
    action: str
    from_state: str | None
    to_state: str
    level: str
    actor: str
    actor_name: str | None = Field(
        default=None, description="the staff member who acted; none on residents' lines"
    )
    note: str | None
    data: dict[str, Any]
    at: datetime
