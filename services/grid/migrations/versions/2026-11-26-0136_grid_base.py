"""The grid's base: grid units, buildings, households, residents (sealed identity
numbers and phones), the reveal audit log and the kit's idempotency keys.

Revision ID: 890b279d616d
Revises:
Create Date: 2026-11-26 01:36:28.910357
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "890b279d616d"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "grid_units",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("resident_group_id", sa.Uuid(), nullable=True),
        sa.Column("boundary", sa.JSON(), nullable=False),
        sa.Column("centroid_lon", sa.Float(), nullable=False),
        sa.Column("centroid_lat", sa.Float(), nullable=False),
        sa.Column("responsible_worker_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_units")),
        sa.UniqueConstraint("code", name=op.f("uq_grid_units_code")),
    )
    op.create_index(op.f("ix_grid_units_community_id"), "grid_units", ["community_id"])
    op.create_index(op.f("ix_grid_units_resident_group_id"), "grid_units", ["resident_group_id"])
    op.create_index(
        op.f("ix_grid_units_responsible_worker_id"), "grid_units", ["responsible_worker_id"]
    )
    op.create_index(op.f("ix_grid_units_street_id"), "grid_units", ["street_id"])

    op.create_table(
        "idempotency_keys",
        sa.Column("principal", sa.String(length=255), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("locked_until", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_headers", sa.Text(), nullable=True),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("principal", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_index(op.f("ix_idempotency_keys_expires_at"), "idempotency_keys", ["expires_at"])

    op.create_table(
        "reveal_audits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("principal_subject", sa.String(length=255), nullable=False),
        sa.Column("principal_roles", sa.JSON(), nullable=False),
        sa.Column("resident_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reveal_audits")),
    )
    op.create_index(op.f("ix_reveal_audits_at"), "reveal_audits", ["at"])
    op.create_index(op.f("ix_reveal_audits_community_id"), "reveal_audits", ["community_id"])
    op.create_index(op.f("ix_reveal_audits_grid_unit_id"), "reveal_audits", ["grid_unit_id"])
    op.create_index(
        op.f("ix_reveal_audits_principal_subject"), "reveal_audits", ["principal_subject"]
    )
    op.create_index(op.f("ix_reveal_audits_resident_id"), "reveal_audits", ["resident_id"])
    op.create_index(op.f("ix_reveal_audits_street_id"), "reveal_audits", ["street_id"])

    op.create_table(
        "buildings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("floors", sa.Integer(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["grid_unit_id"], ["grid_units.id"], name=op.f("fk_buildings_grid_unit_id_grid_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buildings")),
    )
    op.create_index(op.f("ix_buildings_address"), "buildings", ["address"])
    op.create_index(op.f("ix_buildings_community_id"), "buildings", ["community_id"])
    op.create_index(op.f("ix_buildings_grid_unit_id"), "buildings", ["grid_unit_id"])
    op.create_index(op.f("ix_buildings_street_id"), "buildings", ["street_id"])

    op.create_table(
        "households",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("door_number", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=250), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"], ["buildings.id"], name=op.f("fk_households_building_id_buildings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
    )
    op.create_index(op.f("ix_households_address"), "households", ["address"])
    op.create_index(op.f("ix_households_building_id"), "households", ["building_id"])
    op.create_index(op.f("ix_households_community_id"), "households", ["community_id"])
    op.create_index(op.f("ix_households_grid_unit_id"), "households", ["grid_unit_id"])
    op.create_index(op.f("ix_households_street_id"), "households", ["street_id"])

    op.create_table(
        "residents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("gender", sa.String(length=8), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("ethnicity", sa.String(length=20), nullable=False),
        sa.Column("registration", sa.String(length=16), nullable=False),
        sa.Column("care_tags", sa.JSON(), nullable=False),
        sa.Column("relation_to_head", sa.String(length=20), nullable=False),
        sa.Column("id_card_cipher", sa.String(length=200), nullable=False),
        sa.Column("id_card_index", sa.String(length=64), nullable=False),
        sa.Column("phone_cipher", sa.String(length=200), nullable=True),
        sa.Column("phone_index", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_residents_household_id_households")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_residents")),
        sa.UniqueConstraint("id_card_index", name=op.f("uq_residents_id_card_index")),
    )
    op.create_index(op.f("ix_residents_community_id"), "residents", ["community_id"])
    op.create_index(op.f("ix_residents_grid_unit_id"), "residents", ["grid_unit_id"])
    op.create_index(op.f("ix_residents_household_id"), "residents", ["household_id"])
    op.create_index(op.f("ix_residents_name"), "residents", ["name"])
    op.create_index(op.f("ix_residents_phone_index"), "residents", ["phone_index"])
    op.create_index(op.f("ix_residents_registration"), "residents", ["registration"])
    op.create_index(op.f("ix_residents_street_id"), "residents", ["street_id"])


def downgrade() -> None:
    for table in (
        "residents",
        "households",
        "buildings",
        "reveal_audits",
        "idempotency_keys",
        "grid_units",
    ):
        op.drop_table(table)
