"""scheduled notices: reminders decided now and told when due

Revision ID: n02scheduled_notices
Revises: n01notifications
Create Date: 2026-12-08 02:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "n02scheduled_notices"
down_revision: str | None = "n01notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scheduled_notices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("topic", sa.String(length=120), nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("due_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("variables", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=True),
        sa.Column("useless_after", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("fired_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_notices")),
        sa.UniqueConstraint("key", name=op.f("uq_scheduled_notices_key")),
    )
    with op.batch_alter_table("scheduled_notices", schema=None) as batch_op:
        batch_op.create_index("ix_scheduled_notices_due", ["state", "due_at"], unique=False)
        batch_op.create_index("ix_scheduled_notices_topic", ["topic"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scheduled_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_scheduled_notices_topic")
        batch_op.drop_index("ix_scheduled_notices_due")
    op.drop_table("scheduled_notices")
