"""Tables the kit's mechanisms need, added to each service's own metadata so that each
service's first migration creates them in its own database."""

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

from weimin_kit.types import UTCDateTime


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
        Index("ix_outbox_events_state_id", "state", "id"),
    )


def add_kit_tables(metadata: MetaData) -> dict[str, Table]:
    return {
        "idempotency_keys": idempotency_table(metadata),
        "outbox_events": outbox_table(metadata),
    }
