"""volunteers: indexes on the home location (and a copy of it on volunteer_skills, by
skill), for dispatch's nearest-first search

Revision ID: 3c0e5f7a9b21
Revises: 8f68c24a35d8
Create Date: 2026-11-26 03:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3c0e5f7a9b21"
down_revision: str | None = "8f68c24a35d8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_volunteers_home_lat_home_lon", "volunteers", ["home_lat", "home_lon"], unique=False
    )
    op.add_column("volunteer_skills", sa.Column("home_lon", sa.Float(), nullable=True))
    op.add_column("volunteer_skills", sa.Column("home_lat", sa.Float(), nullable=True))
    op.execute(
        "UPDATE volunteer_skills SET"
        " home_lon = (SELECT v.home_lon FROM volunteers v WHERE v.id = volunteer_id),"
        " home_lat = (SELECT v.home_lat FROM volunteers v WHERE v.id = volunteer_id)"
    )
    op.create_index(
        "ix_volunteer_skills_skill_id_home_lat_home_lon",
        "volunteer_skills",
        ["skill_id", "home_lat", "home_lon"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_volunteer_skills_skill_id_home_lat_home_lon", table_name="volunteer_skills")
    with op.batch_alter_table("volunteer_skills") as batch:
        batch.drop_column("home_lat")
        batch.drop_column("home_lon")
    op.drop_index("ix_volunteers_home_lat_home_lon", table_name="volunteers")
