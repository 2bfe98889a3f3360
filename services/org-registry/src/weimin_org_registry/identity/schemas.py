import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from weimin_events.vocabularies import Role
from weimin_kit.text import HumanText

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


class SecondFactorLogin(Strict):
    challenge: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    # A 6-digit authenticator code or a recovery code (`abcde-fghjk`).
    code: Annotated[str, StringConstraints(min_length=6, max_length=32)]


class RefreshRequest(Strict):
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme name
    expires_in: int
    refresh_token: str
    refresh_expires_in: int


class SignInHints(BaseModel):
    """What the login page may show before anyone signs in."""

    # The platform runs the demonstration city: the page names an account to try (the
    # demo password is the operator's to hand out, never shown here).
    demo_city: bool
    demo_grid_worker: str | None


class Me(BaseModel):
    id: uuid.UUID
    username: str
    display_name: str
    roles: list[str]
    scopes: list[str]
    # The mobile number the account signs in with, masked (138****5678), if any.
    phone: str | None = None
    # Registered as a party member without a member record of that number: staff confirm.
    member_pending: bool = False


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
    # Registered as a member without a matching member record: the admin settles it.
    member_pending: bool = False
    created_at: datetime
    updated_at: datetime

    model_config = ConfigDict(from_attributes=True)


class PasswordChange(Strict):
    current_password: Password
    new_password: Password


class SigningKeyRotated(BaseModel):
    kid: str
    retiring: list[str]


class SecondFactorStatus(BaseModel):
    enabled: bool
    # Whether this account's roles need it to reveal or export personal data or administer
    # accounts (the service's `second_factor_roles`, when `second_factor_required`).
    required: bool


class SecondFactorEnrolment(BaseModel):
    """Shown once: the secret to type in, or the otpauth URI as a QR code (SVG)."""

    secret: str
    otpauth_uri: str
    qr_svg: str


class SecondFactorConfirm(Strict):
    code: Annotated[str, StringConstraints(min_length=6, max_length=8)]


class SecondFactorEnabled(BaseModel):
    """The recovery codes, shown this once, and a sign-in that used the factor."""

    recovery_codes: list[str]
    tokens: TokenResponse


SignInOutcome = Literal[
    "success",
    "wrong-password",
    "disabled",
    "second-factor-required",
    "second-factor-success",
    "second-factor-failure",
]


class SignInEventRead(BaseModel):
    id: uuid.UUID
    at: datetime
    username: str
    account_id: uuid.UUID | None
    client_address: str
    outcome: SignInOutcome
    retry_after: int | None

    model_config = ConfigDict(from_attributes=True)


PhoneNumber = Annotated[str, StringConstraints(min_length=1, max_length=32)]
PhoneCodeText = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]
CodePurpose = Literal["sign-in", "register", "reset-password"]


class PhoneCodeRequest(Strict):
    """A mobile number (11 digits; spaces, hyphens and +86 allowed) and what the code is for."""

    phone: PhoneNumber
    purpose: CodePurpose


class PhoneCodeSent(BaseModel):
    """Sent (or, for a number without an account, answered the same way)."""

    expires_in: int
    resend_in: int


class PhoneLogin(Strict):
    phone: PhoneNumber
    code: PhoneCodeText


class PhoneRegistration(Strict):
    phone: PhoneNumber
    code: PhoneCodeText
    display_name: DisplayName
    # A person registers themselves as a resident or a volunteer; `member` is granted only
    # when a party member's record holds this number (else it waits for staff).
    role: Literal["resident", "volunteer", "member"]
    password: Password | None = None


class Registered(TokenResponse):
    """Signed in as the new account."""

    account_id: uuid.UUID
    roles: list[str]
    # `granted`: a member record holds the number; `pending`: staff confirm; null: not asked.
    member: Literal["granted", "pending"] | None


class PasswordResetByCode(Strict):
    phone: PhoneNumber
    code: PhoneCodeText
    new_password: Password
