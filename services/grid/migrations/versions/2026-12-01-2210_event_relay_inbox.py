"""event relay leases, inbox and dead letters; incidents asking for volunteers

Revision ID: e7e1a0c0b004
Revises: g10notify0001
Create Date: 2026-12-01 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "e7e1a0c0b004"
down_revision: str | None = "g10notify0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("volunteer_request", sa.JSON(), nullable=True))
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("leased_until", weimin_kit.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("lease_owner", sa.String(length=64), nullable=True))
        batch_op.create_index(
            "ix_outbox_events_subject_state_time", ["subject", "state", "time"], unique=False
        )
    op.create_table(
        "inbox_events",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=200), nullable=False),
        sa.Column("processed_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", "source", name=op.f("pk_inbox_events")),
    )
    op.create_table(
        "event_dead_letters",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=200), nullable=False),
        sa.Column("envelope", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failed_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", "source", name=op.f("pk_event_dead_letters")),
    )


def downgrade() -> None:
    op.drop_table("event_dead_letters")
    op.drop_table("inbox_events")
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_events_subject_state_time")
        batch_op.drop_column("lease_owner")
        batch_op.drop_column("leased_until")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("volunteer_request")
