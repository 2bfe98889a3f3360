"""fulfilment-proof photos uploaded here: `wish_photos` (metadata; the bytes, stripped of
metadata, live in the photo store) and `wishes.proof_photos` (what a wish shows of them)

Existing wishes keep their `proof_photo_url` as it is and get an empty `proof_photos`;
no bytes were ever stored here, so nothing moves.

Revision ID: w16media0001
Revises: w07minutes0001
Create Date: 2026-12-07 04:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "w16media0001"
down_revision: str | None = "w07minutes0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wish_photos",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=16), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=100), nullable=False),
        sa.Column("thumbnail_key", sa.String(length=100), nullable=False),
        sa.Column("uploader_subject", sa.String(length=255), nullable=False),
        sa.Column("wish_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["wish_id"], ["wishes.id"], name=op.f("fk_wish_photos_wish_id_wishes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wish_photos")),
    )
    with op.batch_alter_table("wish_photos", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wish_photos_uploader_subject"), ["uploader_subject"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_wish_photos_wish_id"), ["wish_id"], unique=False)
    # A plain ALTER (no table rebuild: other tables refer to wishes).
    op.add_column(
        "wishes", sa.Column("proof_photos", sa.JSON(), nullable=False, server_default="[]")
    )


def downgrade() -> None:
    op.drop_column("wishes", "proof_photos")
    with op.batch_alter_table("wish_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wish_photos_wish_id"))
        batch_op.drop_index(batch_op.f("ix_wish_photos_uploader_subject"))
    op.drop_table("wish_photos")
