"""organisation network: tree changes, co-building agreements, people and members,
big-committee seats, demonstration sites, joint meetings, resource guarantees

Revision ID: ab30c335fc58
Revises: c82b0711bea1
Create Date: 2026-11-26 02:17:18.075415
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "ab30c335fc58"
down_revision: str | None = "c82b0711bea1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "joint_meetings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("attendee_unit_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_meetings")),
    )
    with op.batch_alter_table("joint_meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_joint_meetings_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_joint_meetings_street_id"), ["street_id"], unique=False
        )

    op.create_table(
        "people",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("gender", sa.String(length=8), nullable=False),
        sa.Column("ethnicity", sa.String(length=16), nullable=False),
        sa.Column("id_card_cipher", sa.String(length=255), nullable=False),
        sa.Column("id_card_index", sa.String(length=64), nullable=False),
        sa.Column("phone_cipher", sa.String(length=255), nullable=True),
        sa.Column("phone_index", sa.String(length=64), nullable=True),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("gender in ('male', 'female')", name=op.f("ck_people_gender")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("id_card_index", name=op.f("uq_people_id_card_index")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_community_id"), ["community_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_phone_index"), ["phone_index"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_street_id"), ["street_id"], unique=False)

    op.create_table(
        "person_reveals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("principal_subject", sa.String(length=255), nullable=False),
        sa.Column("principal_roles", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_reveals")),
    )
    with op.batch_alter_table("person_reveals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_reveals_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_person_reveals_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_person_reveals_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_person_reveals_principal_subject"), ["principal_subject"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_person_reveals_street_id"), ["street_id"], unique=False
        )

    op.create_table(
        "big_committee_seats",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("unit_organisation_id", sa.Uuid(), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("employment", sa.String(length=16), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "employment in ('full_time', 'part_time')",
            name=op.f("ck_big_committee_seats_employment"),
        ),
        sa.CheckConstraint(
            "role in ('secretary', 'deputy_secretary', 'member')",
            name=op.f("ck_big_committee_seats_role"),
        ),
        sa.CheckConstraint("term_end >= term_start", name=op.f("ck_big_committee_seats_term")),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["organisations.id"],
            name=op.f("fk_big_committee_seats_community_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_big_committee_seats_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["unit_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_big_committee_seats_unit_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_big_committee_seats")),
    )
    with op.batch_alter_table("big_committee_seats", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_big_committee_seats_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_big_committee_seats_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_big_committee_seats_street_id"), ["street_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_big_committee_seats_term_end"), ["term_end"], unique=False
        )

    op.create_table(
        "co_building_agreements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("contributions", sa.JSON(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_co_building_agreements_period")),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["organisations.id"],
            name=op.f("fk_co_building_agreements_community_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_co_building_agreements_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_co_building_agreements")),
    )
    with op.batch_alter_table("co_building_agreements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_co_building_agreements_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_co_building_agreements_organisation_id"),
            ["organisation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_co_building_agreements_street_id"), ["street_id"], unique=False
        )

    op.create_table(
        "demonstration_sites",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("holder_person_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("commitment", sa.String(length=1000), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("revoked_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoke_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind in ('business', 'service_post')", name=op.f("ck_demonstration_sites_kind")
        ),
        sa.CheckConstraint("valid_until >= valid_from", name=op.f("ck_demonstration_sites_period")),
        sa.ForeignKeyConstraint(
            ["holder_person_id"],
            ["people.id"],
            name=op.f("fk_demonstration_sites_holder_person_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demonstration_sites")),
    )
    with op.batch_alter_table("demonstration_sites", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_demonstration_sites_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_demonstration_sites_holder_person_id"),
            ["holder_person_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_demonstration_sites_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_demonstration_sites_street_id"), ["street_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_demonstration_sites_valid_until"), ["valid_until"], unique=False
        )

    op.create_table(
        "joint_tasks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=True),
        sa.Column("area", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner_organisation_id", sa.Uuid(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "area in ('thought_work', 'public_order', 'public_welfare', 'environment', 'culture_sport', 'economy')",
            name=op.f("ck_joint_tasks_area"),
        ),
        sa.CheckConstraint(
            "status in ('open', 'in_progress', 'done')", name=op.f("ck_joint_tasks_status")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["joint_meetings.id"],
            name=op.f("fk_joint_tasks_meeting_id_joint_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_joint_tasks_owner_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_tasks")),
    )
    with op.batch_alter_table("joint_tasks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_joint_tasks_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_joint_tasks_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_joint_tasks_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_joint_tasks_street_id"), ["street_id"], unique=False)

    op.create_table(
        "organisation_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action in ('created', 'renamed', 'moved', 'dissolved')",
            name=op.f("ck_organisation_changes_action"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_changes_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_changes")),
    )
    with op.batch_alter_table("organisation_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_changes_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "party_members",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=True),
        sa.Column("community_id", sa.Uuid(), nullable=True),
        sa.Column("home_street_id", sa.Uuid(), nullable=False),
        sa.Column("home_community_id", sa.Uuid(), nullable=False),
        sa.Column("standing", sa.String(length=16), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "standing in ('formal', 'probationary')", name=op.f("ck_party_members_standing")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_party_members_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_party_members_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_members")),
        sa.UniqueConstraint("person_id", name=op.f("uq_party_members_person_id")),
    )
    with op.batch_alter_table("party_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_party_members_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_party_members_home_community_id"), ["home_community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_party_members_home_street_id"), ["home_street_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_party_members_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_party_members_street_id"), ["street_id"], unique=False)

    op.create_table(
        "resource_guarantees",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("staff_count", sa.Integer(), nullable=False),
        sa.Column("party_building_fund", sa.BigInteger(), nullable=False),
        sa.Column("work_funds", sa.BigInteger(), nullable=False),
        sa.Column("venue_area_m2", sa.Integer(), nullable=False),
        sa.Column("staff_allowance_monthly", sa.Integer(), nullable=False),
        sa.Column("secretary_allowance_monthly", sa.Integer(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "party_building_fund >= 0",
            name=op.f("ck_resource_guarantees_party_building_fund_not_negative"),
        ),
        sa.CheckConstraint(
            "secretary_allowance_monthly >= 0",
            name=op.f("ck_resource_guarantees_secretary_allowance_monthly_not_negative"),
        ),
        sa.CheckConstraint(
            "staff_allowance_monthly >= 0",
            name=op.f("ck_resource_guarantees_staff_allowance_monthly_not_negative"),
        ),
        sa.CheckConstraint(
            "staff_count >= 0", name=op.f("ck_resource_guarantees_staff_count_not_negative")
        ),
        sa.CheckConstraint(
            "venue_area_m2 >= 0", name=op.f("ck_resource_guarantees_venue_area_m2_not_negative")
        ),
        sa.CheckConstraint(
            "work_funds >= 0", name=op.f("ck_resource_guarantees_work_funds_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["organisations.id"],
            name=op.f("fk_resource_guarantees_community_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_guarantees")),
        sa.UniqueConstraint(
            "community_id", "year", name=op.f("uq_resource_guarantees_community_id_year")
        ),
    )
    with op.batch_alter_table("resource_guarantees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_guarantees_street_id"), ["street_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_resource_guarantees_year"), ["year"], unique=False)

    op.create_table(
        "member_reports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("pledges", sa.JSON(), nullable=False),
        sa.Column("services_done", sa.Integer(), nullable=False),
        sa.Column("service_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["party_members.id"],
            name=op.f("fk_member_reports_member_id_party_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_reports")),
        sa.UniqueConstraint("member_id", name=op.f("uq_member_reports_member_id")),
    )
    with op.batch_alter_table("member_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_reports_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_member_reports_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_member_reports_street_id"), ["street_id"], unique=False
        )

    op.create_table(
        "party_member_transfers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("from_organisation_id", sa.Uuid(), nullable=False),
        sa.Column("to_organisation_id", sa.Uuid(), nullable=False),
        sa.Column("transferred_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_party_member_transfers_from_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["party_members.id"],
            name=op.f("fk_party_member_transfers_member_id_party_members"),
        ),
        sa.ForeignKeyConstraint(
            ["to_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_party_member_transfers_to_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_member_transfers")),
    )
    with op.batch_alter_table("party_member_transfers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_party_member_transfers_member_id"), ["member_id"], unique=False
        )

    # Plain ALTER TABLE ... ADD COLUMN, never a batch rebuild: SQLite would drop and
    # recreate organisations under the foreign keys pointing at it (and cascade into
    # co_building_links). The server default fills existing rows; the depth is then
    # counted from the path ("/a/b/" is depth 2).
    op.add_column(
        "organisations",
        sa.Column("depth", sa.Integer(), nullable=False, server_default=sa.text("1")),
    )
    op.add_column(
        "organisations",
        sa.Column("dissolved_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
    )
    op.execute("UPDATE organisations SET depth = length(path) - length(replace(path, '/', '')) - 1")


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35) rather than a batch rebuild: a
    # rebuild drops and recreates organisations, and SQLite would cascade that drop into
    # co_building_links (ON DELETE CASCADE) or refuse it for the other references.
    op.execute("ALTER TABLE organisations DROP COLUMN dissolved_at")
    op.execute("ALTER TABLE organisations DROP COLUMN depth")

    with op.batch_alter_table("party_member_transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_member_transfers_member_id"))

    op.drop_table("party_member_transfers")
    with op.batch_alter_table("member_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_reports_street_id"))
        batch_op.drop_index(batch_op.f("ix_member_reports_person_id"))
        batch_op.drop_index(batch_op.f("ix_member_reports_community_id"))

    op.drop_table("member_reports")
    with op.batch_alter_table("resource_guarantees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_guarantees_year"))
        batch_op.drop_index(batch_op.f("ix_resource_guarantees_street_id"))

    op.drop_table("resource_guarantees")
    with op.batch_alter_table("party_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_members_street_id"))
        batch_op.drop_index(batch_op.f("ix_party_members_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_party_members_home_street_id"))
        batch_op.drop_index(batch_op.f("ix_party_members_home_community_id"))
        batch_op.drop_index(batch_op.f("ix_party_members_community_id"))

    op.drop_table("party_members")
    with op.batch_alter_table("organisation_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_changes_organisation_id"))

    op.drop_table("organisation_changes")
    with op.batch_alter_table("joint_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_joint_tasks_street_id"))
        batch_op.drop_index(batch_op.f("ix_joint_tasks_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_joint_tasks_due_on"))
        batch_op.drop_index(batch_op.f("ix_joint_tasks_community_id"))

    op.drop_table("joint_tasks")
    with op.batch_alter_table("demonstration_sites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demonstration_sites_valid_until"))
        batch_op.drop_index(batch_op.f("ix_demonstration_sites_street_id"))
        batch_op.drop_index(batch_op.f("ix_demonstration_sites_kind"))
        batch_op.drop_index(batch_op.f("ix_demonstration_sites_holder_person_id"))
        batch_op.drop_index(batch_op.f("ix_demonstration_sites_community_id"))

    op.drop_table("demonstration_sites")
    with op.batch_alter_table("co_building_agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_co_building_agreements_street_id"))
        batch_op.drop_index(batch_op.f("ix_co_building_agreements_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_co_building_agreements_community_id"))

    op.drop_table("co_building_agreements")
    with op.batch_alter_table("big_committee_seats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_big_committee_seats_term_end"))
        batch_op.drop_index(batch_op.f("ix_big_committee_seats_street_id"))
        batch_op.drop_index(batch_op.f("ix_big_committee_seats_person_id"))
        batch_op.drop_index(batch_op.f("ix_big_committee_seats_community_id"))

    op.drop_table("big_committee_seats")
    with op.batch_alter_table("person_reveals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_reveals_street_id"))
        batch_op.drop_index(batch_op.f("ix_person_reveals_principal_subject"))
        batch_op.drop_index(batch_op.f("ix_person_reveals_person_id"))
        batch_op.drop_index(batch_op.f("ix_person_reveals_community_id"))
        batch_op.drop_index(batch_op.f("ix_person_reveals_at"))

    op.drop_table("person_reveals")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_street_id"))
        batch_op.drop_index(batch_op.f("ix_people_phone_index"))
        batch_op.drop_index(batch_op.f("ix_people_name"))
        batch_op.drop_index(batch_op.f("ix_people_community_id"))
        batch_op.drop_index(batch_op.f("ix_people_account_id"))

    op.drop_table("people")
    with op.batch_alter_table("joint_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_joint_meetings_street_id"))
        batch_op.drop_index(batch_op.f("ix_joint_meetings_community_id"))

    op.drop_table("joint_meetings")
