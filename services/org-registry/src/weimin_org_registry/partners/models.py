"""Partner clients: machines (the public-security grid system) holding OAuth2 client
credentials, with scopes by operation and an area of the organisation tree."""

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_org_registry.base import Base

AREA_KINDS = ("street", "community")
CHANGE_ACTIONS = ("created", "secret-rotated", "revoked", "open311-key", "updated")
TOKEN_OUTCOMES = ("issued", "wrong-secret", "revoked", "invalid-scope")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class PartnerClient(Base):
    __tablename__ = "partner_clients"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    # The public OAuth2 `client_id` (`pc-` and 20 hex characters): not a secret.
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    # Granted operations, from weimin_events.vocabularies.PARTNER_SCOPES.
    scopes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # The organisation whose subtree the partner sees: a street or a community.
    area_kind: Mapped[str] = mapped_column(sa.String(16))
    area_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    # Placed like accounts, so a street secretary's list is one WHERE.
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    # Calls per minute at the partner exchange, carried in its tokens for the grid to
    # enforce; the burst is how many may come at once (null: the per-minute limit).
    rate_limit_per_minute: Mapped[int] = mapped_column(sa.Integer)
    rate_limit_burst: Mapped[int | None] = mapped_column(sa.Integer)
    created_by: Mapped[str] = mapped_column(sa.String(255))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.CheckConstraint(_in("area_kind", AREA_KINDS), name="area_kind"),)

    @property
    def effective_burst(self) -> int:
        return self.rate_limit_burst or self.rate_limit_per_minute


class PartnerClientSecret(Base):
    """A client secret, only as its Argon2id hash. A client has one live secret, two while a
    rotation overlaps: the old one keeps working until `expires_at`."""

    __tablename__ = "partner_client_secrets"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    client_pk: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("partner_clients.id", ondelete="CASCADE"), index=True
    )
    secret_hash: Mapped[str] = mapped_column(sa.String(255))
    # Null: current. Set when a rotation replaces it.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class PartnerClientChange(Base):
    """The staff audit of partner clients: who created, rotated, revoked or issued an
    Open311 key to which, when.
    Placed like its client so a street secretary reads their street's."""

    __tablename__ = "partner_client_changes"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    client_pk: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("partner_clients.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(16))
    # What the change set (never a secret): name, scopes, area, rate limit; the overlap's
    # end; for an update, each changed field as {from, to}.
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    actor: Mapped[str] = mapped_column(sa.String(255))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)

    __table_args__ = (sa.CheckConstraint(_in("action", CHANGE_ACTIONS), name="action"),)


class PartnerTokenRequest(Base):
    """The audit of a known client's token requests: issued, or why not. Requests naming
    no known client are answered alike and not kept (there is nobody to place them)."""

    __tablename__ = "partner_token_requests"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    client_pk: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("partner_clients.id", ondelete="CASCADE")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(sa.String(16))
    # The scopes issued (or asked for and refused).
    scopes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    client_address: Mapped[str] = mapped_column(sa.String(64))

    __table_args__ = (
        sa.CheckConstraint(_in("outcome", TOKEN_OUTCOMES), name="outcome"),
        sa.Index("ix_partner_token_requests_client_pk_at", "client_pk", "at"),
    )
