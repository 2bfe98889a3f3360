"""joint-defence alarm answers name who answered

Upgrade: `alarm_responses` gains `responder_name` (nullable), the display name of the
member or grid worker as their token carried it when they answered. Earlier answers have
none; the app then says "a neighbour".

Downgrade: the column is dropped.

Revision ID: g18alarmname1
Revises: g18observed0001
Create Date: 2026-12-07 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "g18alarmname1"
down_revision: str | None = "g18observed0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("alarm_responses") as batch:
        batch.add_column(sa.Column("responder_name", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alarm_responses") as batch:
        batch.drop_column("responder_name")
