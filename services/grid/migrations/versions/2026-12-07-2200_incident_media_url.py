"""an incident's media URL: the photo link an Open311 (GeoReport v2) client sends

Upgrade: `incidents.media_url`, nullable (no existing incident has one).

Downgrade: the column is dropped.

Revision ID: g19media0001
Revises: g18calls0001
Create Date: 2026-12-07 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "g19media0001"
down_revision: str | None = "g18calls0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("media_url", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("media_url")
