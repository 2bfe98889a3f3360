"""member services organisation: a wish claimed for a co-building organisation says so

The wishes service now calls that claimer type `organisation`, the events contract's word
(it said `unit`); the services already recorded from its `wish.fulfilled` events move to
the same word.

Revision ID: o08organisation01
Revises: cadde095c4eb
Create Date: 2026-12-06 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "o08organisation01"
down_revision: str | None = "cadde095c4eb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

member_services = sa.table("member_services", sa.column("claimer_type", sa.String))


def _rename(old: str, new: str) -> None:
    op.execute(
        member_services.update()
        .where(member_services.c.claimer_type == old)
        .values(claimer_type=new)
    )


def upgrade() -> None:
    _rename("unit", "organisation")


def downgrade() -> None:
    _rename("organisation", "unit")
