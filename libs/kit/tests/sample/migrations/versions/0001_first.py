"""notes and the kit's tables

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("area", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
        sa.UniqueConstraint("title", name=op.f("uq_notes_title")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("principal", sa.String(255), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("locked_until", weimin_kit.types.UTCDateTime(), nullable=False),
        sa.Column("response_status", sa.Integer()),
        sa.Column("response_headers", sa.Text()),
        sa.Column("response_body", sa.LargeBinary()),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(), nullable=False),
        sa.Column("expires_at", weimin_kit.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("principal", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_index(op.f("ix_idempotency_keys_expires_at"), "idempotency_keys", ["expires_at"])
    op.create_table(
        "outbox_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("specversion", sa.String(8), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("time", weimin_kit.types.UTCDateTime(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", weimin_kit.types.UTCDateTime()),
        sa.Column("published_at", weimin_kit.types.UTCDateTime()),
        sa.Column("last_error", sa.Text()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_events")),
    )
    op.create_index("ix_outbox_events_state_id", "outbox_events", ["state", "id"])


def downgrade() -> None:
    op.drop_table("outbox_events")
    op.drop_table("idempotency_keys")
    op.drop_table("notes")
