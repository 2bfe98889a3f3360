"""incident timeline lines name the staff member who acted

Upgrade: `incident_changes` gains `actor_name` (nullable), the display name of a grid
worker or secretary as their token carried it when they acted. Residents' lines keep none
(their names are personal data, kept encrypted in the residents' records); earlier lines
have none either, and the timeline then says "staff" or "resident" by the action.

Downgrade: the column is dropped.

Revision ID: g17actor0001
Revises: g16media0001
Create Date: 2026-12-07 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "g17actor0001"
down_revision: str | None = "g16media0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("incident_changes") as batch:
        batch.add_column(sa.Column("actor_name", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incident_changes") as batch:
        batch.drop_column("actor_name")
