"""revoked sessions: access tokens refused before they expire (weimin_kit.revocation)

Revision ID: g12revoked0001
Revises: g11gridnewest
Create Date: 2026-12-06 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "g12revoked0001"
down_revision: str | None = "g11gridnewest"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "revoked_sessions",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("revoked_id", sa.String(length=200), nullable=False),
        sa.Column("issued_before", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("revoked_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "revoked_id", name=op.f("pk_revoked_sessions")),
    )
    op.create_index(
        op.f("ix_revoked_sessions_expires_at"), "revoked_sessions", ["expires_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_revoked_sessions_expires_at"), table_name="revoked_sessions")
    op.drop_table("revoked_sessions")
