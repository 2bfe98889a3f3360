"""check-ins and incident reports keep when they were made, apart from when they arrived

Upgrade: `patrol_check_ins` gains `observed_at`, the time the check-in was made (the
phone's, for one made without signal and sent later); `at` stays the server's received
time. Earlier check-ins take their `at`. Check-ins are listed by `observed_at`.
`incidents` gains `occurred_at` the same way (earlier reports take their `created_at`,
which stays the received time the deadline counts from).

Downgrade: both columns are dropped.

Revision ID: g18observed0001
Revises: g17actor0001
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "g18observed0001"
down_revision: str | None = "g17actor0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


COLUMNS = (("patrol_check_ins", "observed_at", "at"), ("incidents", "occurred_at", "created_at"))


def upgrade() -> None:
    for table, column, received in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(column, weimin_kit.types.UTCDateTime(timezone=True), nullable=True)
            )
        op.execute(f"UPDATE {table} SET {column} = {received}")  # noqa: S608 (fixed names)
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column, existing_type=weimin_kit.types.UTCDateTime(timezone=True), nullable=False
            )


def downgrade() -> None:
    for table, column, _ in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
