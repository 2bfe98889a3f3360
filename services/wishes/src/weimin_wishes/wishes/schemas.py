import uuid
from datetime import date, datetime
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from weimin_events.payloads import SERVICE_MINUTES_MAX, SERVICE_MINUTES_MIN
from weimin_events.vocabularies import ClaimerType
from weimin_kit.text import HumanMultilineText, HumanText
from weimin_wishes.photos.schemas import WishPhotoRead

Category = Literal["material", "companionship"]
Urgency = Literal["low", "normal", "high"]
ClaimRule = Literal["anyone", "members", "volunteers", "organisations"]
CLAIM_RULES: tuple[ClaimRule, ...] = get_args(ClaimRule)
ClaimApproval = Literal["automatic", "community"]
Text = Annotated[str, HumanMultilineText(max_length=300)]
Reason = Annotated[str, HumanText(max_length=300, min_visible=2)]
#: A photo already uploaded somewhere we serve from: https or a site-relative path.
PhotoUrl = Annotated[str, StringConstraints(max_length=500, pattern=r"^(https://|/)\S+$")]


class BeneficiaryIn(BaseModel):
    """Who the wish is for. An individual is a resident of the grid service (by id); the
    name, gender and birth date are copied here so the wall can say 张奶奶 without asking."""

    kind: Literal["individual", "group"]
    resident_id: uuid.UUID | None = None
    name: Annotated[str, HumanText(max_length=100)]
    gender: Literal["male", "female"] | None = None
    birth_date: date | None = None
    public_label: Annotated[str, HumanText(max_length=20)] | None = Field(
        default=None, description="group only: what the wall shows, e.g. 敬老院的老人们"
    )

    @model_validator(mode="after")
    def _complete_for_kind(self) -> "BeneficiaryIn":
        if self.kind == "individual":
            if self.resident_id is None:
                raise ValueError("an individual beneficiary needs resident_id")
            if self.birth_date is None:
                raise ValueError("an individual beneficiary needs birth_date")
            if self.public_label is not None:
                raise ValueError("public_label is for groups; individuals get an honorific")
        elif self.public_label is None:
            raise ValueError("a group beneficiary needs public_label")
        return self


class WishCreate(BaseModel):
    street_id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID
    grid_label: Annotated[str, HumanText(max_length=60)]
    title: Annotated[str, HumanText(max_length=60, min_visible=2)]
    description: Annotated[str, HumanMultilineText(max_length=500)]
    category: Category
    urgency: Urgency = "normal"
    estimated_value_yuan: int = Field(ge=0)
    photo_url: PhotoUrl | None = None
    beneficiary: BeneficiaryIn
    claim_rule: ClaimRule = "anyone"
    claim_approval: ClaimApproval = "automatic"


class ReviewRequest(BaseModel):
    decision: Literal["approve", "reject"]
    reason: Reason | None = None

    @model_validator(mode="after")
    def _reason_for_rejection(self) -> "ReviewRequest":
        if self.decision == "reject" and self.reason is None:
            raise ValueError("a rejection needs a reason")
        return self


class CancelRequest(BaseModel):
    reason: Reason


class ClaimRequest(BaseModel):
    as_: ClaimerType | None = Field(
        default=None, alias="as", description="defaults to volunteer, member, then resident"
    )
    organisation_id: uuid.UUID | None = Field(
        default=None, description="required when claiming as an organisation"
    )

    model_config = ConfigDict(populate_by_name=True)


class FulfilRequest(BaseModel):
    """At least one proof photo: uploaded here (`photo_ids`, from POST /v1/wish-photos)
    or already elsewhere (`proof_photo_url`)."""

    proof_photo_url: PhotoUrl | None = None
    photo_ids: list[uuid.UUID] = Field(default_factory=list, max_length=9)
    note: Text | None = None
    service_minutes: int | None = Field(
        default=None,
        ge=SERVICE_MINUTES_MIN,
        le=SERVICE_MINUTES_MAX,
        description="the time the claimer spent, in minutes (1 to 1440); required for a "
        "companionship wish, optional for a material one (absent: not reported, and no "
        "hours are credited for it)",
    )


class ConfirmRequest(BaseModel):
    thanks_message: Text
    rating: int = Field(ge=1, le=5)


class BeneficiaryRead(BaseModel):
    kind: str
    resident_id: uuid.UUID | None
    name: str
    public_name: str


class ClaimRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    wish_id: uuid.UUID
    claimer_id: str
    claimer_type: ClaimerType
    claimer_name: str | None
    organisation_id: uuid.UUID | None
    status: str
    claimed_at: datetime
    deadline_at: datetime
    ended_at: datetime | None


class WishRead(BaseModel):
    """A wish as staff see it, beneficiary included."""

    id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID
    grid_label: str
    title: str
    description: str
    category: str
    urgency: str
    estimated_value_yuan: int
    photo_url: str | None
    beneficiary: BeneficiaryRead
    claim_rule: ClaimRule
    claim_approval: str
    state: str
    rejection_reason: str | None
    cancel_reason: str | None
    published_at: datetime | None
    claim_id: uuid.UUID | None
    claimer_id: str | None
    claimer_type: ClaimerType | None
    claimer_name: str | None
    claimed_at: datetime | None
    claim_deadline_at: datetime | None
    fulfilled_at: datetime | None
    proof_photo_url: str | None
    #: Proof photos uploaded here, served to the claimer and to staff who see the wish.
    proof_photos: list[WishPhotoRead]
    proof_note: str | None
    service_minutes: int | None = Field(description="as reported at fulfilment; null: not reported")
    confirmed_at: datetime | None
    thanks_message: str | None
    rating: int | None
    version: int
    created_at: datetime
    updated_at: datetime
