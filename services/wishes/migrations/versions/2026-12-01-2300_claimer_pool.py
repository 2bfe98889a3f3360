"""claimer pool: members reported to a community, who claim its wishes as members

Revision ID: aaeb2253aee3
Revises: e7e1a0c0b001
Create Date: 2026-12-01 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "aaeb2253aee3"
down_revision: str | None = "e7e1a0c0b001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claimer_pool",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("pledge_areas", sa.JSON(), nullable=False),
        sa.Column("joined_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claimer_pool")),
        sa.UniqueConstraint("member_id", name=op.f("uq_claimer_pool_member_id")),
    )
    with op.batch_alter_table("claimer_pool", schema=None) as batch_op:
        batch_op.create_index(
            "ix_claimer_pool_community_id_account_id", ["community_id", "account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claimer_pool_street_id"), ["street_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claimer_pool", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claimer_pool_street_id"))
        batch_op.drop_index("ix_claimer_pool_community_id_account_id")
    op.drop_table("claimer_pool")
