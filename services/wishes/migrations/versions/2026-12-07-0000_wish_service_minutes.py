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
    with op.batch_alter_table("wishes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("wishes", schema=None) as batch_op:
        batch_op.drop_column("service_minutes")
