"""Tables the kit's mechanisms need, added to each service's own metadata so that each
service's first migration creates them in its own database."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.db import make_metadata
from weimin_kit.types import UTCDateTime, utcnow


def idempotency_table(metadata: MetaData) -> Table:
    return Table(
        "idempotency_keys",
        metadata,
        Column("principal", String(255), primary_key=True),
        Column("key", String(255), primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        Column("state", String(16), nullable=False),
        Column("locked_until", UTCDateTime(), nullable=False),
        Column("response_status", Integer),
        Column("response_headers", Text),
        Column("response_body", LargeBinary),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("expires_at", UTCDateTime(), nullable=False, index=True),
    )


def outbox_table(metadata: MetaData) -> Table:
    """Events waiting to be published (see `weimin_kit.outbox`)."""
    return Table(
        "outbox_events",
        metadata,
        Column("id", Uuid(), primary_key=True),
        Column("specversion", String(8), nullable=False),
        Column("source", String(200), nullable=False),
        Column("type", String(200), nullable=False),
        Column("subject", String(200), nullable=False),
        Column("time", UTCDateTime(), nullable=False),
        Column("data", JSON(), nullable=False),
        Column("state", String(16), nullable=False),  # pending, published, dead
        Column("attempts", Integer(), nullable=False),
        Column("next_attempt_at", UTCDateTime()),
        Column("published_at", UTCDateTime()),
        Column("last_error", Text()),
        # A relay holds the events it is publishing until this moment (see events.relay).
        Column("leased_until", UTCDateTime()),
        Column("lease_owner", String(64)),
        Index("ix_outbox_events_state_id", "state", "id"),
        Index("ix_outbox_events_subject_state_time", "subject", "state", "time"),
    )


def inbox_table(metadata: MetaData) -> Table:
    """Events this service has applied: the row and the effect commit together, so a
    repeated delivery finds its id here and changes nothing (see `weimin_kit.events.inbox`)."""
    return Table(
        "inbox_events",
        metadata,
        Column("id", String(200), primary_key=True),
        Column("source", String(200), primary_key=True),
        Column("type", String(200), nullable=False),
        Column("processed_at", UTCDateTime(), nullable=False),
    )


def dead_letter_table(metadata: MetaData) -> Table:
    """Events this service received but could not apply after every attempt (NATS
    transport; over HTTP the producer's outbox keeps them as `dead`)."""
    return Table(
        "event_dead_letters",
        metadata,
        Column("id", String(200), primary_key=True),
        Column("source", String(200), primary_key=True),
        Column("type", String(200), nullable=False),
        Column("envelope", JSON(), nullable=False),
        Column("error", Text(), nullable=False),
        Column("attempts", Integer(), nullable=False),
        Column("failed_at", UTCDateTime(), nullable=False),
    )


def revoked_sessions_table(metadata: MetaData) -> Table:
    """Access tokens this service refuses before they expire (see `weimin_kit.revocation`):
    a `session` row refuses every token of that session (`sid`), an `account` row every
    token of that account (`sub`) issued before `issued_before`."""
    return Table(
        "revoked_sessions",
        metadata,
        Column("kind", String(16), primary_key=True),  # session, account
        Column("revoked_id", String(200), primary_key=True),
        Column("issued_before", UTCDateTime()),
        Column("reason", String(40), nullable=False),
        Column("revoked_at", UTCDateTime(), nullable=False),
        # Every token the row can refuse has expired by then; the row may go.
        Column("expires_at", UTCDateTime(), nullable=False, index=True),
    )


def add_kit_tables(metadata: MetaData) -> dict[str, Table]:
    return {
        "idempotency_keys": idempotency_table(metadata),
        "outbox_events": outbox_table(metadata),
        "inbox_events": inbox_table(metadata),
        "event_dead_letters": dead_letter_table(metadata),
        "revoked_sessions": revoked_sessions_table(metadata),
    }


def service_metadata() -> MetaData:
    """The metadata of one service's own database: the kit's naming convention and tables.
    Each service declares `class Base(DeclarativeBase): metadata = service_metadata()`, so
    every service keeps a metadata (and an Alembic history) of its own."""
    metadata = make_metadata()
    add_kit_tables(metadata)
    return metadata


class Timestamped:
    """The columns every table that records changes shares."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
