"""resident_moves

Revision ID: 85034e559c7c
Revises: ca17485bada1
Create Date: 2026-11-26 02:41:21.036494
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "85034e559c7c"
down_revision: str | None = "ca17485bada1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("moved_out_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("move_out_reason", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.drop_column("move_out_reason")
        batch_op.drop_column("moved_out_at")
