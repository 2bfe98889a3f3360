"""member services: each fulfilled wish of a reporting member, counted once per wish

Revision ID: 0536f8fd1a9a
Revises: e7e1a0c0b003
Create Date: 2026-12-01 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "0536f8fd1a9a"
down_revision: str | None = "e7e1a0c0b003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_services",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("wish_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("claimer_type", sa.String(length=32), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("fulfilled_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["member_reports.id"],
            name=op.f("fk_member_services_report_id_member_reports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_services")),
        sa.UniqueConstraint("wish_id", name=op.f("uq_member_services_wish_id")),
    )
    with op.batch_alter_table("member_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_services_report_id"), ["report_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("member_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_services_report_id"))
    op.drop_table("member_services")
