"""the partner exchange's id map and sync conflicts

Upgrade: `partner_links` (a partner client's id of a record and ours, with per-field
digests of the values as of the partner's last sync) and `sync_conflicts` (fields both
sides changed, kept as ours, for a person to settle; field names only).

Downgrade: both tables are dropped.

Revision ID: g18links0001
Revises: g18addr00001
Create Date: 2026-12-07 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "g18links0001"
down_revision: str | None = "g18addr00001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "partner_links",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("partner_ref", sa.String(length=64), nullable=False),
        sa.Column("local_id", sa.Uuid(), nullable=False),
        sa.Column("synced", sa.JSON(), nullable=False),
        sa.Column("synced_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_links")),
        sa.UniqueConstraint(
            "client_id",
            "kind",
            "partner_ref",
            name=op.f("uq_partner_links_client_id_kind_partner_ref"),
        ),
    )
    with op.batch_alter_table("partner_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_links_local_id"), ["local_id"], unique=False)
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("partner_ref", sa.String(length=64), nullable=False),
        sa.Column("local_id", sa.Uuid(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("settled_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
    )
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        for column in (
            "client_id",
            "local_id",
            "grid_unit_id",
            "street_id",
            "community_id",
            "settled_at",
        ):
            batch_op.create_index(batch_op.f(f"ix_sync_conflicts_{column}"), [column], unique=False)


def downgrade() -> None:
    op.drop_table("sync_conflicts")
    op.drop_table("partner_links")
