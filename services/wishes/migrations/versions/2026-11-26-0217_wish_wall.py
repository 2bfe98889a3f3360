"""wishes, their claims, the wall-event log and its sequence, kiosk devices

Revision ID: 035ac7035f0d
Revises: 79ae0449d854
Create Date: 2026-11-26 02:17:40.936813
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "035ac7035f0d"
down_revision: str | None = "79ae0449d854"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kiosk_devices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("key_hint", sa.String(length=8), nullable=False),
        sa.Column("registered_by", sa.String(length=255), nullable=False),
        sa.Column("revoked_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=255), nullable=True),
        sa.Column("last_seen_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kiosk_devices")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_kiosk_devices_key_hash")),
    )
    with op.batch_alter_table("kiosk_devices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_kiosk_devices_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_kiosk_devices_street_id"), ["street_id"], unique=False)

    op.create_table(
        "wall_events",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("wish_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_wall_events")),
    )
    with op.batch_alter_table("wall_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_wall_events_community_id_seq", ["community_id", "seq"], unique=False
        )

    op.create_table(
        "wall_sequence",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wall_sequence")),
    )
    # The single counter row wall events are numbered from (see WallSequence).
    op.bulk_insert(
        sa.table("wall_sequence", sa.column("id", sa.Integer), sa.column("last_seq", sa.Integer)),
        [{"id": 1, "last_seq": 0}],
    )
    op.create_table(
        "wishes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("grid_label", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("urgency", sa.String(length=8), nullable=False),
        sa.Column("estimated_value_yuan", sa.Integer(), nullable=False),
        sa.Column("photo_url", sa.String(length=500), nullable=True),
        sa.Column("beneficiary_kind", sa.String(length=12), nullable=False),
        sa.Column("beneficiary_resident_id", sa.Uuid(), nullable=True),
        sa.Column("beneficiary_name", sa.String(length=100), nullable=False),
        sa.Column("public_name", sa.String(length=30), nullable=False),
        sa.Column("claim_rule", sa.String(length=12), nullable=False),
        sa.Column("claim_approval", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("submitted_by", sa.String(length=255), nullable=False),
        sa.Column("reviewed_by", sa.String(length=255), nullable=True),
        sa.Column("reviewed_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("rejection_reason", sa.String(length=300), nullable=True),
        sa.Column("published_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.String(length=300), nullable=True),
        sa.Column("claim_id", sa.Uuid(), nullable=True),
        sa.Column("claimer_id", sa.String(length=255), nullable=True),
        sa.Column("claimer_type", sa.String(length=12), nullable=True),
        sa.Column("claimer_name", sa.String(length=100), nullable=True),
        sa.Column("claimed_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("claim_deadline_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("fulfilled_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("proof_photo_url", sa.String(length=500), nullable=True),
        sa.Column("proof_note", sa.String(length=300), nullable=True),
        sa.Column("confirmed_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by", sa.String(length=255), nullable=True),
        sa.Column("thanks_message", sa.String(length=300), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wishes")),
    )
    with op.batch_alter_table("wishes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wishes_beneficiary_resident_id"),
            ["beneficiary_resident_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_wishes_claim_deadline_at"), ["claim_deadline_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_wishes_claimer_id"), ["claimer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_wishes_community_id"), ["community_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_wishes_grid_unit_id"), ["grid_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_wishes_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_wishes_street_id"), ["street_id"], unique=False)

    op.create_table(
        "wish_claims",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("wish_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("claimer_id", sa.String(length=255), nullable=False),
        sa.Column("claimer_type", sa.String(length=12), nullable=False),
        sa.Column("claimer_name", sa.String(length=100), nullable=True),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("claimed_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["wish_id"], ["wishes.id"], name=op.f("fk_wish_claims_wish_id_wishes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wish_claims")),
    )
    with op.batch_alter_table("wish_claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wish_claims_claimer_id"), ["claimer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_wish_claims_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_wish_claims_wish_id"), ["wish_id"], unique=False)
        batch_op.create_index(
            "uq_wish_claims_one_active_per_wish",
            ["wish_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('pending', 'active')"),
            postgresql_where=sa.text("status IN ('pending', 'active')"),
        )


def downgrade() -> None:
    with op.batch_alter_table("wish_claims", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_wish_claims_one_active_per_wish",
            sqlite_where=sa.text("status IN ('pending', 'active')"),
            postgresql_where=sa.text("status IN ('pending', 'active')"),
        )
        batch_op.drop_index(batch_op.f("ix_wish_claims_wish_id"))
        batch_op.drop_index(batch_op.f("ix_wish_claims_community_id"))
        batch_op.drop_index(batch_op.f("ix_wish_claims_claimer_id"))

    op.drop_table("wish_claims")
    with op.batch_alter_table("wishes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wishes_street_id"))
        batch_op.drop_index(batch_op.f("ix_wishes_state"))
        batch_op.drop_index(batch_op.f("ix_wishes_grid_unit_id"))
        batch_op.drop_index(batch_op.f("ix_wishes_community_id"))
        batch_op.drop_index(batch_op.f("ix_wishes_claimer_id"))
        batch_op.drop_index(batch_op.f("ix_wishes_claim_deadline_at"))
        batch_op.drop_index(batch_op.f("ix_wishes_beneficiary_resident_id"))

    op.drop_table("wishes")
    op.drop_table("wall_sequence")
    with op.batch_alter_table("wall_events", schema=None) as batch_op:
        batch_op.drop_index("ix_wall_events_community_id_seq")

    op.drop_table("wall_events")
    with op.batch_alter_table("kiosk_devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kiosk_devices_street_id"))
        batch_op.drop_index(batch_op.f("ix_kiosk_devices_community_id"))

    op.drop_table("kiosk_devices")
