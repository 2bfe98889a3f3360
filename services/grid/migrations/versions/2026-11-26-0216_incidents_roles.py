"""incidents_roles

Revision ID: c2785868b768
Revises: e5f3e5b8eeed
Create Date: 2026-11-26 02:16:28.203282
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "c2785868b768"
down_revision: str | None = "e5f3e5b8eeed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("category_code", sa.String(length=8), nullable=False),
        sa.Column("priority", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("reporter_subject", sa.String(length=255), nullable=False),
        sa.Column("reporter_name", sa.String(length=50), nullable=True),
        sa.Column("caller_name", sa.String(length=50), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("assignee", sa.String(length=255), nullable=True),
        sa.Column("duplicate_of_id", sa.Uuid(), nullable=True),
        sa.Column("due_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("level_due_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolve_seconds", sa.Integer(), nullable=True),
        sa.Column("sla_met", sa.Boolean(), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("return_visit_note", sa.String(length=500), nullable=True),
        sa.Column("returned_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"],
            ["incidents.id"],
            name=op.f("fk_incidents_duplicate_of_id_incidents"),
        ),
        sa.ForeignKeyConstraint(
            ["grid_unit_id"], ["grid_units.id"], name=op.f("fk_incidents_grid_unit_id_grid_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_assignee"), ["assignee"], unique=False)
        batch_op.create_index(
            "ix_incidents_category_state", ["category_code", "state"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_incidents_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_incidents_due_at"), ["due_at"], unique=False)
        batch_op.create_index(
            "ix_incidents_grid_unit_state", ["grid_unit_id", "state"], unique=False
        )
        batch_op.create_index("ix_incidents_lat_lon", ["lat", "lon"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_incidents_reporter_subject"), ["reporter_subject"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_incidents_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_street_id"), ["street_id"], unique=False)

    op.create_table(
        "incident_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=True),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_changes_incident_id_incidents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_changes")),
    )
    with op.batch_alter_table("incident_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_changes_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "grid_role_terms",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=True),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("holder_id", sa.Uuid(), nullable=False),
        sa.Column("holder_name", sa.String(length=50), nullable=False),
        sa.Column("started_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"], ["buildings.id"], name=op.f("fk_grid_role_terms_building_id_buildings")
        ),
        sa.ForeignKeyConstraint(
            ["grid_unit_id"],
            ["grid_units.id"],
            name=op.f("fk_grid_role_terms_grid_unit_id_grid_units"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_grid_role_terms_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_role_terms")),
    )
    with op.batch_alter_table("grid_role_terms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_grid_role_terms_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_grid_role_terms_grid_unit_id"), ["grid_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_grid_role_terms_holder_id"), ["holder_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_grid_role_terms_street_id"), ["street_id"], unique=False
        )

    with op.batch_alter_table("grid_units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("grid_units", schema=None) as batch_op:
        batch_op.drop_column("version")

    with op.batch_alter_table("grid_role_terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grid_role_terms_street_id"))
        batch_op.drop_index(batch_op.f("ix_grid_role_terms_holder_id"))
        batch_op.drop_index(batch_op.f("ix_grid_role_terms_grid_unit_id"))
        batch_op.drop_index(batch_op.f("ix_grid_role_terms_community_id"))

    op.drop_table("grid_role_terms")
    with op.batch_alter_table("incident_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_changes_incident_id"))

    op.drop_table("incident_changes")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_street_id"))
        batch_op.drop_index(batch_op.f("ix_incidents_state"))
        batch_op.drop_index(batch_op.f("ix_incidents_reporter_subject"))
        batch_op.drop_index("ix_incidents_lat_lon")
        batch_op.drop_index("ix_incidents_grid_unit_state")
        batch_op.drop_index(batch_op.f("ix_incidents_due_at"))
        batch_op.drop_index(batch_op.f("ix_incidents_community_id"))
        batch_op.drop_index("ix_incidents_category_state")
        batch_op.drop_index(batch_op.f("ix_incidents_assignee"))

    op.drop_table("incidents")
