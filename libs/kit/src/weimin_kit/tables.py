"""Tables the kit's mechanisms need, added to each service's own metadata so that each
service's first migration creates them in its own database."""

from sqlalchemy import Column, Integer, LargeBinary, MetaData, String, Table, Text

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


def add_kit_tables(metadata: MetaData) -> dict[str, Table]:
    return {"idempotency_keys": idempotency_table(metadata)}
