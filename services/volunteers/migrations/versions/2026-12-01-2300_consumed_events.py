"""volunteers consume events: the community pool, joint-defence alarm alerts and their
consent, the hands and grid unit of an incident's task, one task per source

Revision ID: 5b9d2e4f6a13
Revises: e7e1a0c0b002
Create Date: 2026-12-01 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "5b9d2e4f6a13"
down_revision: str | None = "e7e1a0c0b002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "community_pool_members",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("pledge_areas", sa.JSON(), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("joined_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_pool_members")),
        sa.UniqueConstraint("member_id", name=op.f("uq_community_pool_members_member_id")),
    )
    for column in ("account_id", "street_id", "community_id"):
        op.create_index(
            op.f(f"ix_community_pool_members_{column}"), "community_pool_members", [column]
        )
    op.create_table(
        "alarm_alerts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("alarm_id", sa.Uuid(), nullable=False),
        sa.Column("volunteer_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("distance_m", sa.Integer(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteers.id"],
            name=op.f("fk_alarm_alerts_volunteer_id_volunteers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_alerts")),
        sa.UniqueConstraint(
            "alarm_id", "volunteer_id", name=op.f("uq_alarm_alerts_alarm_id_volunteer_id")
        ),
    )
    op.create_index(op.f("ix_alarm_alerts_volunteer_id"), "alarm_alerts", ["volunteer_id"])
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "alarm_alert_consent", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column(
                "alarm_alert_consent_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True
            )
        )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("volunteers_wanted", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(sa.Column("grid_unit_id", sa.Uuid(), nullable=True))
    op.create_index(op.f("ix_tasks_grid_unit_id"), "tasks", ["grid_unit_id"])
    op.create_index(op.f("ix_tasks_source_ref"), "tasks", ["source_ref"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_tasks_source_ref"), table_name="tasks")
    op.drop_index(op.f("ix_tasks_grid_unit_id"), table_name="tasks")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("grid_unit_id")
        batch_op.drop_column("volunteers_wanted")
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.drop_column("alarm_alert_consent_at")
        batch_op.drop_column("alarm_alert_consent")
    op.drop_index(op.f("ix_alarm_alerts_volunteer_id"), table_name="alarm_alerts")
    op.drop_table("alarm_alerts")
    for column in ("account_id", "street_id", "community_id"):
        op.drop_index(
            op.f(f"ix_community_pool_members_{column}"), table_name="community_pool_members"
        )
    op.drop_table("community_pool_members")
