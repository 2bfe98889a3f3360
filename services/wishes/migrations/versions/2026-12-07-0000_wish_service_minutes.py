"""wish service minutes: the time a claimer reports when fulfilling a wish (null: not reported)

Revision ID: w07minutes0001
Revises: w07organisation01
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "w07minutes0001"
down_revision: str | None = "w07organisation01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Wishes fulfilled before this had no way to say: they stay null, not reported.
    op.add_column("wishes", sa.Column("service_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+ has it): a batch rebuild of `wishes` would have to
    # drop a table the claims' foreign keys point at, which SQLite refuses.
    op.drop_column("wishes", "service_minutes")
