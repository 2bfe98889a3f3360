import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from weimin_kit.text import HumanText

Role = Literal[
    "admin",
    "street_secretary",
    "community_secretary",
    "grid_worker",
    "member",
    "volunteer",
    "resident",
    "kiosk",
    "partner",
]
UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
Scope = Annotated[
    str,
    StringConstraints(pattern=rf"^(street|community|grid):{UUID_PATTERN}$", to_lower=True),
]
Username = Annotated[
    str,
    StringConstraints(
        min_length=3, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.@-]*$", to_lower=True
    ),
]
DisplayName = Annotated[str, HumanText(max_length=100)]
# Long enough for any passphrase, short enough that hashing cannot be made a DoS.
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
AccountStatus = Literal["active", "disabled"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginRequest(Strict):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Password


class RefreshRequest(Strict):
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme name
    expires_in: int
    refresh_token: str
    refresh_expires_in: int


class Me(BaseModel):
    id: uuid.UUID
    username: str
    display_name: str
    roles: list[str]
    scopes: list[str]


class AccountCreate(Strict):
    username: Username
    display_name: DisplayName
    password: Password
    person_id: uuid.UUID | None = None
    roles: list[Role] = Field(min_length=1, max_length=9)
    scopes: list[Scope] = Field(default_factory=list, max_length=200)
    # The community the account belongs to; required with grid scopes, which this
    # service cannot place in a community by itself.
    community_id: uuid.UUID | None = None


class AccountUpdate(Strict):
    display_name: DisplayName | None = None
    roles: list[Role] | None = Field(default=None, min_length=1, max_length=9)
    scopes: list[Scope] | None = Field(default=None, max_length=200)
    status: AccountStatus | None = None
    community_id: uuid.UUID | None = None


class AccountRead(BaseModel):
    id: uuid.UUID
    username: str
    display_name: str
    person_id: uuid.UUID | None
    roles: list[str]
    scopes: list[str]
    street_id: uuid.UUID | None
    community_id: uuid.UUID | None
    status: str
    locked_until: datetime | None
    created_at: datetime
    updated_at: datetime

    model_config = ConfigDict(from_attributes=True)


class PasswordChange(Strict):
    current_password: Password
    new_password: Password


class SigningKeyRotated(BaseModel):
    kid: str
    retiring: list[str]
