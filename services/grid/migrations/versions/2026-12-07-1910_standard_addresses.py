"""standard addresses, and buildings and households joined to them

Upgrade: `standard_addresses` (coded, structured addresses placed in a grid unit, with
their normalised comparison key), and a nullable `standard_address_id` on `buildings` and
`households`. Existing buildings and homes stay unjoined until an address list is imported
and they are joined (their free-text address is kept as it was).

Downgrade: the joins and the table are dropped.

Revision ID: g18addr00001
Revises: g18alarmname1
Create Date: 2026-12-07 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "g18addr00001"
down_revision: str | None = "g18alarmname1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PARTS = ("building", "unit", "floor", "room")


def upgrade() -> None:
    op.create_table(
        "standard_addresses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("province", sa.String(length=30), nullable=False),
        sa.Column("city", sa.String(length=30), nullable=False),
        sa.Column("county", sa.String(length=30), nullable=False),
        sa.Column("town", sa.String(length=30), nullable=False),
        sa.Column("community", sa.String(length=30), nullable=False),
        sa.Column("road", sa.String(length=40), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        *(sa.Column(part, sa.String(length=20), nullable=True) for part in _PARTS),
        sa.Column("full_text", sa.String(length=300), nullable=False),
        sa.Column("comparison_key", sa.String(length=400), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["grid_unit_id"],
            ["grid_units.id"],
            name=op.f("fk_standard_addresses_grid_unit_id_grid_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_addresses")),
        sa.UniqueConstraint("code", name=op.f("uq_standard_addresses_code")),
    )
    with op.batch_alter_table("standard_addresses", schema=None) as batch_op:
        for column in ("grid_unit_id", "street_id", "community_id", "comparison_key"):
            batch_op.create_index(
                batch_op.f(f"ix_standard_addresses_{column}"), [column], unique=False
            )
    for table in ("buildings", "households"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("standard_address_id", sa.Uuid(), nullable=True))
            batch_op.create_index(
                batch_op.f(f"ix_{table}_standard_address_id"), ["standard_address_id"], unique=False
            )
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_standard_address_id_standard_addresses"),
                "standard_addresses",
                ["standard_address_id"],
                ["id"],
            )


def downgrade() -> None:
    for table in ("households", "buildings"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_standard_address_id_standard_addresses"),
                type_="foreignkey",
            )
            batch_op.drop_index(batch_op.f(f"ix_{table}_standard_address_id"))
            batch_op.drop_column("standard_address_id")
    op.drop_table("standard_addresses")
