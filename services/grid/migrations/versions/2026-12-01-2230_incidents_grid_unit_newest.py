"""incidents: (grid_unit_id, id) for a grid worker's newest-first list

A grid worker's list is WHERE grid_unit_id = … ORDER BY id DESC LIMIT …; with a million
incidents city-wide PostgreSQL walked the primary key backwards and filtered out ~22,000
other units' incidents per page (17 ms, more for quiet units); this index reads just the
page (the grid benchmark, bench/grid.py).

Revision ID: g11gridnewest
Revises: e7e1a0c0b004
Create Date: 2026-12-01 22:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "g11gridnewest"
down_revision: str | None = "e7e1a0c0b004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_incidents_grid_unit_id_id", "incidents", ["grid_unit_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_incidents_grid_unit_id_id", table_name="incidents")
