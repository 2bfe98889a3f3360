"""imports_exports

Revision ID: ca17485bada1
Revises: f6eeac4cdae1
Create Date: 2026-11-26 02:37:13.305744
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "ca17485bada1"
down_revision: str | None = "f6eeac4cdae1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "export_audits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("principal_subject", sa.String(length=255), nullable=False),
        sa.Column("principal_roles", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_audits")),
    )
    with op.batch_alter_table("export_audits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_export_audits_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_export_audits_principal_subject"), ["principal_subject"], unique=False
        )

    op.create_table(
        "import_runs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("principal_subject", sa.String(length=255), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_runs")),
    )
    with op.batch_alter_table("import_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_runs_principal_subject"), ["principal_subject"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("import_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_runs_principal_subject"))

    op.drop_table("import_runs")
    with op.batch_alter_table("export_audits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_audits_principal_subject"))
        batch_op.drop_index(batch_op.f("ix_export_audits_at"))

    op.drop_table("export_audits")
