"""personal-data lifecycle: residents' anonymisation and cause of leaving, data-subject
requests, the personal-data audit log

Residents: `anonymised_at`, `move_out_cause` (moved_away / deceased), an index on
`moved_out_at` for the retention sweep; `household_id`, `id_card_cipher` and
`id_card_index` become nullable (an anonymised row keeps none of them; the unique index
allows any number of NULLs on SQLite and PostgreSQL).

Revision ID: g12pipl0001
Revises: g12revoked0001
Create Date: 2026-12-06 21:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "g12pipl0001"
down_revision: str | None = "g12revoked0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("move_out_cause", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("anonymised_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.alter_column("household_id", existing_type=sa.Uuid(), nullable=True)
        batch_op.alter_column("id_card_cipher", existing_type=sa.String(length=200), nullable=True)
        batch_op.alter_column("id_card_index", existing_type=sa.String(length=64), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_residents_anonymised_at"), ["anonymised_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_residents_moved_out_at"), ["moved_out_at"], unique=False
        )

    op.create_table(
        "resident_data_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("resident_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("requested_by", sa.String(length=255), nullable=False),
        sa.Column("requested_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=255), nullable=True),
        sa.Column("decided_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_resident_data_requests_resident_id_residents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resident_data_requests")),
    )
    with op.batch_alter_table("resident_data_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resident_data_requests_resident_id"), ["resident_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_resident_data_requests_state"), ["state"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_resident_data_requests_decided_at"), ["decided_at"], unique=False
        )

    op.create_table(
        "personal_data_audits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("principal_subject", sa.String(length=255), nullable=False),
        sa.Column("principal_roles", sa.JSON(), nullable=False),
        sa.Column("resident_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("data_request_id", sa.Uuid(), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_audits")),
    )
    with op.batch_alter_table("personal_data_audits", schema=None) as batch_op:
        for column in (
            "principal_subject",
            "resident_id",
            "street_id",
            "community_id",
            "grid_unit_id",
            "at",
        ):
            batch_op.create_index(
                batch_op.f(f"ix_personal_data_audits_{column}"), [column], unique=False
            )


def downgrade() -> None:
    op.drop_table("personal_data_audits")
    op.drop_table("resident_data_requests")
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_residents_moved_out_at"))
        batch_op.drop_index(batch_op.f("ix_residents_anonymised_at"))
        batch_op.alter_column("id_card_index", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("id_card_cipher", existing_type=sa.String(length=200), nullable=False)
        batch_op.alter_column("household_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.drop_column("anonymised_at")
        batch_op.drop_column("move_out_cause")
