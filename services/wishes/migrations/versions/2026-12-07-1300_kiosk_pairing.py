"""kiosk pairing: a device is registered first and paired by a one-time code typed on its
screen (`pairing_code_hash`, `pairing_expires_at`, `pairing_used_at`, `paired_at`); its key
exists only once paired, so `key_hash` and `key_hint` may be empty

Devices registered before keep their keys, and those keys keep working.

Revision ID: w17kiosk0001
Revises: w16media0001
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "w17kiosk0001"
down_revision: str | None = "w16media0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("kiosk_devices", schema=None) as batch_op:
        batch_op.alter_column("key_hash", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column("key_hint", existing_type=sa.String(length=8), nullable=True)
        batch_op.add_column(sa.Column("pairing_code_hash", sa.String(length=64), nullable=True))
        for column in ("pairing_expires_at", "pairing_used_at", "paired_at"):
            batch_op.add_column(
                sa.Column(column, weimin_kit.types.UTCDateTime(timezone=True), nullable=True)
            )
        batch_op.create_unique_constraint(
            batch_op.f("uq_kiosk_devices_pairing_code_hash"), ["pairing_code_hash"]
        )


def downgrade() -> None:
    # Devices never paired have no key; they cannot be kept without one.
    op.execute("DELETE FROM kiosk_devices WHERE key_hash IS NULL")
    with op.batch_alter_table("kiosk_devices", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_kiosk_devices_pairing_code_hash"), type_="unique")
        for column in ("paired_at", "pairing_used_at", "pairing_expires_at", "pairing_code_hash"):
            batch_op.drop_column(column)
        batch_op.alter_column("key_hint", existing_type=sa.String(length=8), nullable=False)
        batch_op.alter_column("key_hash", existing_type=sa.String(length=64), nullable=False)
