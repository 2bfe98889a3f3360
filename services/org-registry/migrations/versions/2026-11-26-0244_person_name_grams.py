"""person name grams: the index behind search by part of a name; people already
registered are indexed here

Revision ID: 27c42c640879
Revises: ab30c335fc58
Create Date: 2026-11-26 02:44:43.560425
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "27c42c640879"
down_revision: str | None = "ab30c335fc58"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000


def _grams(name: str) -> set[str]:
    # A copy of weimin_org_registry.people.names.name_grams as it was at this revision.
    text = name.strip()
    return {*text, *(text[i : i + 2] for i in range(len(text) - 1))}


def upgrade() -> None:
    grams = op.create_table(
        "person_name_grams",
        sa.Column("gram", sa.String(length=2), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_name_grams_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("gram", "person_id", name=op.f("pk_person_name_grams")),
    )
    with op.batch_alter_table("person_name_grams", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_name_grams_person_id"), ["person_id"], unique=False
        )
    people = sa.table("people", sa.column("id", sa.Uuid()), sa.column("name", sa.String()))
    now = datetime.now(UTC)
    rows = [
        {"gram": gram, "person_id": person_id, "created_at": now, "updated_at": now}
        for person_id, name in op.get_bind().execute(sa.select(people.c.id, people.c.name))
        for gram in sorted(_grams(name))
    ]
    for start in range(0, len(rows), BATCH):
        op.bulk_insert(grams, rows[start : start + BATCH])


def downgrade() -> None:
    with op.batch_alter_table("person_name_grams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_name_grams_person_id"))
    op.drop_table("person_name_grams")
