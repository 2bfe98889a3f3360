import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from weimin_events.vocabularies import PartnerScope
from weimin_kit.text import HumanText

ClientName = Annotated[str, HumanText(max_length=100)]
AreaKind = Literal["street", "community"]
ChangeAction = Literal["created", "secret-rotated", "revoked", "open311-key", "updated"]
#: Calls per minute (and at once) a partner client may make to the exchange.
RateLimit = Annotated[int, Field(ge=1, le=100_000)]
#: The longest a replaced secret may keep working after a rotation: a week.
MAX_OVERLAP_SECONDS = 7 * 24 * 3600


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PartnerClientCreate(Strict):
    name: ClientName
    scopes: list[PartnerScope] = Field(min_length=1, max_length=20)
    # A street or community organisation: the partner sees only its subtree.
    area_id: uuid.UUID
    # Calls per minute at the exchange (default: the service's setting, 600) and how many
    # may come at once (default: the per-minute limit).
    rate_limit_per_minute: RateLimit | None = None
    rate_limit_burst: RateLimit | None = None


class PartnerClientUpdate(Strict):
    """A staff change to a client (PATCH: only the fields sent). Takes effect at the
    client's next token; the ones it holds keep their limit until they expire."""

    rate_limit_per_minute: RateLimit | None = None
    # null: the per-minute limit.
    rate_limit_burst: RateLimit | None = None


class SecretRotation(Strict):
    # How long the replaced secret keeps working (default: the service's setting, 24 h);
    # 0 ends it at once.
    previous_secret_valid_seconds: int | None = Field(default=None, ge=0, le=MAX_OVERLAP_SECONDS)


class SecretRead(BaseModel):
    """A secret's dates; the secret itself is shown once, at creation or rotation."""

    model_config = ConfigDict(from_attributes=True)

    created_at: datetime
    # Null: the current secret; else the end of a rotation's overlap.
    expires_at: datetime | None


class PartnerClientRead(BaseModel):
    client_id: str
    name: str
    scopes: list[str]
    area_kind: AreaKind
    area_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID | None
    status: Literal["active", "revoked"]
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    revoked_by: str | None
    rate_limit_per_minute: int
    # null: as many at once as the per-minute limit.
    rate_limit_burst: int | None
    # The live secrets (one, two while a rotation overlaps), as dates only.
    secrets: list[SecretRead]


class PartnerClientCreated(PartnerClientRead):
    # Shown this once: keep it in the partner's secret store.
    client_secret: str


class SecretRotated(BaseModel):
    client_id: str
    # Shown this once.
    client_secret: str
    # Until when the replaced secret still works (null: no other secret was live).
    previous_secret_expires_at: datetime | None


class PartnerClientChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    action: ChangeAction
    details: dict[str, Any]
    actor: str
    at: datetime


class PartnerTokenRequestRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    outcome: Literal["issued", "wrong-secret", "revoked", "invalid-scope"]
    scopes: list[str]
    client_address: str


class PartnerIdentity(BaseModel):
    """What a partner's own token says about it."""

    client_id: str
    name: str
    scopes: list[str]
    area_kind: AreaKind
    area_id: uuid.UUID
    expires_at: datetime
    # The limit the token carries (the grid enforces it).
    rate_limit_per_minute: int | None
    rate_limit_burst: int | None


class TokenGranted(BaseModel):
    """RFC 6749 §5.1."""

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme name
    expires_in: int
    scope: str


class TokenError(BaseModel):
    """RFC 6749 §5.2 (not problem+json: OAuth2 clients read this shape)."""

    error: Literal["invalid_request", "invalid_client", "unsupported_grant_type", "invalid_scope"]
    error_description: str | None = None


class Open311KeyIssued(BaseModel):
    """A client's Open311 API key (GeoReport v2 `api_key`), shown this once."""

    client_id: str
    api_key: str
    expires_at: datetime
