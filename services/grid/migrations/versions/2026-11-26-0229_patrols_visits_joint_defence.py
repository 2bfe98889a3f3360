"""patrols_visits_joint_defence

Revision ID: f6eeac4cdae1
Revises: c2785868b768
Create Date: 2026-11-26 02:29:54.212484
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "f6eeac4cdae1"
down_revision: str | None = "c2785868b768"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "patrols",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("worker", sa.String(length=255), nullable=False),
        sa.Column("started_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["grid_unit_id"], ["grid_units.id"], name=op.f("fk_patrols_grid_unit_id_grid_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrols")),
    )
    with op.batch_alter_table("patrols", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patrols_community_id"), ["community_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrols_grid_unit_id"), ["grid_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrols_street_id"), ["street_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrols_worker"), ["worker"], unique=False)

    op.create_table(
        "patrol_check_ins",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("patrol_id", sa.Uuid(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("located_grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("in_patrol_grid", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patrol_id"], ["patrols.id"], name=op.f("fk_patrol_check_ins_patrol_id_patrols")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_check_ins")),
    )
    with op.batch_alter_table("patrol_check_ins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrol_check_ins_patrol_id"), ["patrol_id"], unique=False
        )

    op.create_table(
        "joint_defence_groups",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("lead_household_id", sa.Uuid(), nullable=False),
        sa.Column("answer_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["grid_unit_id"],
            ["grid_units.id"],
            name=op.f("fk_joint_defence_groups_grid_unit_id_grid_units"),
        ),
        sa.ForeignKeyConstraint(
            ["lead_household_id"],
            ["households.id"],
            name=op.f("fk_joint_defence_groups_lead_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_defence_groups")),
    )
    with op.batch_alter_table("joint_defence_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_joint_defence_groups_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_joint_defence_groups_grid_unit_id"), ["grid_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_joint_defence_groups_street_id"), ["street_id"], unique=False
        )

    op.create_table(
        "visits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("visitor", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("visited_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_visits_household_id_households")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_community_id"), ["community_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_grid_unit_id"), ["grid_unit_id"], unique=False)
        batch_op.create_index(
            "ix_visits_household_visited", ["household_id", "visited_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_visits_street_id"), ["street_id"], unique=False)

    op.create_table(
        "alarms",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("grid_unit_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("raised_by", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("raised_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answer_due_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("escalated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["joint_defence_groups.id"],
            name=op.f("fk_alarms_group_id_joint_defence_groups"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarms")),
    )
    with op.batch_alter_table("alarms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alarms_answer_due_at"), ["answer_due_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_alarms_community_id"), ["community_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alarms_grid_unit_id"), ["grid_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alarms_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alarms_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_alarms_street_id"), ["street_id"], unique=False)

    op.create_table(
        "joint_defence_drills",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("held_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.String(length=100), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("recorded_by", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["joint_defence_groups.id"],
            name=op.f("fk_joint_defence_drills_group_id_joint_defence_groups"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_defence_drills")),
    )
    with op.batch_alter_table("joint_defence_drills", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_joint_defence_drills_group_id"), ["group_id"], unique=False
        )

    op.create_table(
        "joint_defence_members",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("account_subject", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["joint_defence_groups.id"],
            name=op.f("fk_joint_defence_members_group_id_joint_defence_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_joint_defence_members_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_defence_members")),
        sa.UniqueConstraint(
            "group_id", "household_id", name=op.f("uq_joint_defence_members_group_id_household_id")
        ),
    )
    with op.batch_alter_table("joint_defence_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_joint_defence_members_account_subject"),
            ["account_subject"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_joint_defence_members_group_id"), ["group_id"], unique=False
        )

    op.create_table(
        "alarm_notices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("alarm_id", sa.Uuid(), nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("recipient_kind", sa.String(length=16), nullable=False),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["alarm_id"], ["alarms.id"], name=op.f("fk_alarm_notices_alarm_id_alarms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_notices")),
    )
    with op.batch_alter_table("alarm_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alarm_notices_alarm_id"), ["alarm_id"], unique=False)

    op.create_table(
        "alarm_responses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("alarm_id", sa.Uuid(), nullable=False),
        sa.Column("responder", sa.String(length=255), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["alarm_id"], ["alarms.id"], name=op.f("fk_alarm_responses_alarm_id_alarms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_responses")),
    )
    with op.batch_alter_table("alarm_responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alarm_responses_alarm_id"), ["alarm_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("alarm_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alarm_responses_alarm_id"))

    op.drop_table("alarm_responses")
    with op.batch_alter_table("alarm_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alarm_notices_alarm_id"))

    op.drop_table("alarm_notices")
    with op.batch_alter_table("joint_defence_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_joint_defence_members_group_id"))
        batch_op.drop_index(batch_op.f("ix_joint_defence_members_account_subject"))

    op.drop_table("joint_defence_members")
    with op.batch_alter_table("joint_defence_drills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_joint_defence_drills_group_id"))

    op.drop_table("joint_defence_drills")
    with op.batch_alter_table("alarms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alarms_street_id"))
        batch_op.drop_index(batch_op.f("ix_alarms_state"))
        batch_op.drop_index(batch_op.f("ix_alarms_group_id"))
        batch_op.drop_index(batch_op.f("ix_alarms_grid_unit_id"))
        batch_op.drop_index(batch_op.f("ix_alarms_community_id"))
        batch_op.drop_index(batch_op.f("ix_alarms_answer_due_at"))

    op.drop_table("alarms")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_street_id"))
        batch_op.drop_index("ix_visits_household_visited")
        batch_op.drop_index(batch_op.f("ix_visits_grid_unit_id"))
        batch_op.drop_index(batch_op.f("ix_visits_community_id"))

    op.drop_table("visits")
    with op.batch_alter_table("joint_defence_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_joint_defence_groups_street_id"))
        batch_op.drop_index(batch_op.f("ix_joint_defence_groups_grid_unit_id"))
        batch_op.drop_index(batch_op.f("ix_joint_defence_groups_community_id"))

    op.drop_table("joint_defence_groups")
    with op.batch_alter_table("patrol_check_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_check_ins_patrol_id"))

    op.drop_table("patrol_check_ins")
    with op.batch_alter_table("patrols", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrols_worker"))
        batch_op.drop_index(batch_op.f("ix_patrols_street_id"))
        batch_op.drop_index(batch_op.f("ix_patrols_grid_unit_id"))
        batch_op.drop_index(batch_op.f("ix_patrols_community_id"))

    op.drop_table("patrols")
