"""notifications_photos

Incident notices (G10) and photo bytes uploaded to the grid service.

Revision ID: g10notify0001
Revises: 85034e559c7c
Create Date: 2026-12-01 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "g10notify0001"
down_revision: str | None = "85034e559c7c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incident_photos",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=16), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_photos")),
        sa.UniqueConstraint("sha256", name=op.f("uq_incident_photos_sha256")),
    )
    op.create_table(
        "incident_photo_uploads",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("photo_id", sa.Uuid(), nullable=False),
        sa.Column("uploader_subject", sa.String(length=255), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["photo_id"],
            ["incident_photos.id"],
            name=op.f("fk_incident_photo_uploads_photo_id_incident_photos"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_photo_uploads")),
        sa.UniqueConstraint(
            "photo_id",
            "uploader_subject",
            name=op.f("uq_incident_photo_uploads_photo_id_uploader_subject"),
        ),
    )
    with op.batch_alter_table("incident_photo_uploads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_photo_uploads_photo_id"), ["photo_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_incident_photo_uploads_uploader_subject"),
            ["uploader_subject"],
            unique=False,
        )

    op.create_table(
        "incident_photo_links",
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("photo_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_photo_links_incident_id_incidents"),
        ),
        sa.ForeignKeyConstraint(
            ["photo_id"],
            ["incident_photos.id"],
            name=op.f("fk_incident_photo_links_photo_id_incident_photos"),
        ),
        sa.PrimaryKeyConstraint("incident_id", "photo_id", name=op.f("pk_incident_photo_links")),
    )
    with op.batch_alter_table("incident_photo_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_photo_links_photo_id"), ["photo_id"], unique=False
        )

    op.create_table(
        "notifications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("recipient_kind", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("body", sa.String(length=500), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_notifications_incident_id_incidents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notifications_incident_id"), ["incident_id"], unique=False
        )
        batch_op.create_index(
            "ix_notifications_recipient", ["recipient_kind", "recipient", "id"], unique=False
        )

    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "overdue_noticed_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("overdue_noticed_at")

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_recipient")
        batch_op.drop_index(batch_op.f("ix_notifications_incident_id"))

    op.drop_table("notifications")
    with op.batch_alter_table("incident_photo_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_photo_links_photo_id"))

    op.drop_table("incident_photo_links")
    with op.batch_alter_table("incident_photo_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_photo_uploads_uploader_subject"))
        batch_op.drop_index(batch_op.f("ix_incident_photo_uploads_photo_id"))

    op.drop_table("incident_photo_uploads")
    op.drop_table("incident_photos")
