import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_org_registry.base import Base


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    # Stored lower-cased: that is what makes the unique constraint case-insensitive.
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(100))
    person_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    roles: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    scopes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Where the account belongs, so a secretary's account list is a plain WHERE; a grid
    # worker's grid scopes alone would not say which community they are in.
    street_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="active")
    # A mobile number the person signs in with (by text-message code): sealed for the
    # `accounts` table (ciphertext + blind index), one account per number.
    phone_cipher: Mapped[str | None] = mapped_column(sa.String(255))
    phone_index: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # Registered saying they are a party member, without a member record of that number:
    # staff confirm it (grant `member`) or not.
    member_pending: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false()
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.CheckConstraint("status in ('active', 'disabled')", name="status"),)


class RefreshToken(Base):
    """One link of a refresh-token family; the family id is the session id (`sid`)."""

    __tablename__ = "refresh_tokens"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    family_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    # SHA-256 of the token: a stolen database does not hand out live sessions.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # How the sign-in was authenticated ("pwd", "otp"): every refresh keeps it in `amr`.
    amr: Mapped[list[str]] = mapped_column(sa.JSON, default=lambda: ["pwd"])
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class SigningKey(Base):
    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    # PKCS#8 PEM, encrypted with the field cipher (context "signing_keys.private_key").
    private_key: Mapped[str] = mapped_column(sa.Text)
    public_jwk: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    state: Mapped[str] = mapped_column(sa.String(16))
    retire_after: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.CheckConstraint("state in ('active', 'retiring', 'retired')", name="state"),
        # At most one active key: two processes bootstrapping or rotating at once collide
        # here instead of both signing with keys of their own.
        sa.Index(
            "uq_signing_keys_one_active",
            "state",
            unique=True,
            sqlite_where=sa.text("state = 'active'"),
            postgresql_where=sa.text("state = 'active'"),
        ),
    )


class LoginThrottle(Base):
    """Failed sign-ins counted per key, in the database so every process shares them.

    kind "user_client": one username from one client address (growing delays);
    "client": one address, all usernames (a generous ceiling, an office behind one NAT);
    "user": one username, all addresses (growing delays, except from its known clients).
    `key` is the username and/or address as typed, so an unknown username is counted and
    answered exactly like an existing one.
    """

    __tablename__ = "login_throttles"

    kind: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(128), primary_key=True)
    failures: Mapped[int] = mapped_column(sa.Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class SignInEvent(Base):
    """The sign-in audit: every attempt that reached the password check or second factor.

    Placed (street, community) like the account, so a secretary sees their own accounts'
    events; attempts on unknown usernames have no account and only the admin sees them.
    """

    __tablename__ = "sign_in_events"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    username: Mapped[str] = mapped_column(sa.String(64), index=True)
    account_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    street_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    client_address: Mapped[str] = mapped_column(sa.String(64))
    outcome: Mapped[str] = mapped_column(sa.String(32))
    retry_after: Mapped[int | None] = mapped_column(sa.Integer)

    __table_args__ = (
        sa.CheckConstraint(
            "outcome in ('success', 'wrong-password', 'disabled', "
            "'second-factor-required', 'second-factor-success', 'second-factor-failure')",
            name="outcome",
        ),
        sa.Index("ix_sign_in_events_account_at", "account_id", "at"),
    )


class SecondFactor(Base):
    """An account's TOTP secret (RFC 6238), encrypted with the field cipher."""

    __tablename__ = "second_factors"

    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(sa.Text)
    # Null until the account proves it holds the secret with a first code.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The time step of the last code accepted: a code is good once (no replay).
    last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class RecoveryCode(Base):
    """A one-time code for a lost authenticator; only its SHA-256 is kept (the codes are
    random, 50 bits each, so a plain hash is enough)."""

    __tablename__ = "recovery_codes"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SignInChallenge(Base):
    """The password step passed for an account with a second factor: the token (its
    SHA-256 here) lets the client finish once, within minutes, with a code."""

    __tablename__ = "sign_in_challenges"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    client_address: Mapped[str] = mapped_column(sa.String(64))
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PhoneCode(Base):
    """A one-time code sent by text message to prove a mobile number (sign-up, sign-in,
    password reset). The number is kept only as its blind index and the code only as a
    keyed hash: the table tells nobody a number or a live code."""

    __tablename__ = "phone_codes"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    phone_index: Mapped[str] = mapped_column(sa.String(64))
    purpose: Mapped[str] = mapped_column(sa.String(16))
    # HMAC-SHA-256 of the code under `salt`, a random value of this row.
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    salt: Mapped[str] = mapped_column(sa.String(64))
    client_address: Mapped[str] = mapped_column(sa.String(64), index=True)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    __table_args__ = (
        sa.CheckConstraint("purpose in ('sign-in', 'register', 'reset-password')", name="purpose"),
        sa.Index("ix_phone_codes_phone_created", "phone_index", "created_at"),
    )
