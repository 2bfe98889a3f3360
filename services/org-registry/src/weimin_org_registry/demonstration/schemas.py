import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from weimin_kit.text import HumanMultilineText, HumanText


class SiteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["business", "service_post"]
    category: Annotated[str, StringConstraints(pattern=r"^[a-z_]{2,32}$")]
    name: Annotated[str, HumanText(max_length=200)]
    holder_person_id: uuid.UUID
    community_id: uuid.UUID
    commitment: Annotated[str, HumanMultilineText(max_length=1000)]
    address: Annotated[str, HumanText(max_length=300)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    lat: Annotated[float, Field(ge=-90, le=90)]
    valid_from: date
    valid_until: date

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self


class SiteRevoke(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, HumanText(max_length=500, min_visible=2)]


class SiteRead(BaseModel):
    id: uuid.UUID
    kind: str
    category: str
    name: str
    holder_person_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    commitment: str
    address: str
    lon: float
    lat: float
    valid_from: date
    valid_until: date
    revoked_at: datetime | None
    revoke_reason: str | None
    created_at: datetime

    model_config = ConfigDict(from_attributes=True)


class PublicSite(BaseModel):
    """What anyone may see: no holder, nothing personal."""

    id: uuid.UUID
    kind: str
    category: str
    name: str
    community_id: uuid.UUID
    commitment: str
    address: str
    lon: float
    lat: float
    valid_until: date

    model_config = ConfigDict(from_attributes=True)


class SiteFeatureCollection(BaseModel):
    """GeoJSON (RFC 7946) points for a map layer."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[dict[str, Any]]
