"""every call a partner client makes to the exchange

Upgrade: `partner_calls` (client, its area, method, path, answer, time taken, when).

Downgrade: the table is dropped.

Revision ID: g18calls0001
Revises: g18hooks0001
Create Date: 2026-12-07 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "g18calls0001"
down_revision: str | None = "g18hooks0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partner_calls",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("area", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_calls")),
    )
    with op.batch_alter_table("partner_calls", schema=None) as batch_op:
        for column in ("client_id", "area", "at"):
            batch_op.create_index(batch_op.f(f"ix_partner_calls_{column}"), [column], unique=False)


def downgrade() -> None:
    op.drop_table("partner_calls")
