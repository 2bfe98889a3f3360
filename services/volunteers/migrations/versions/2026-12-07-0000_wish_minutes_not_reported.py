"""wish minutes not reported: hours lines say when their time was not reported, and the
minutes once assumed for fulfilled wishes are corrected

Until now a fulfilled wish never carried the time it took, and every volunteer claimer was
credited a configured default (60 minutes) that nobody had reported. The ledger is
append-only: each such line gets a correcting line of the opposite sign, and both are
marked not reported (`minutes_reported` false). Lines already corrected are left alone, so
running this again changes nothing.

Revision ID: v07wishmin0001
Revises: v06revoked0001
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow

revision: str = "v07wishmin0001"
down_revision: str | None = "v06revoked0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Who the correcting lines are recorded by (the ledger's `recorded_by`).
CORRECTED_BY = "correction:wish-minutes"
REASON = (
    "correction: the time of wish {wish} was never reported; the {minutes} minutes "
    "credited for it had been assumed"
)

entries = sa.table(
    "hours_entries",
    sa.column("id", sa.Uuid()),
    sa.column("volunteer_id", sa.Uuid()),
    sa.column("minutes", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("credit_key", sa.String()),
    sa.column("reverses_entry_id", sa.Uuid()),
    sa.column("reason", sa.String()),
    sa.column("recorded_by", sa.String()),
    sa.column("minutes_reported", sa.Boolean()),
    sa.column("created_at", UTCDateTime()),
)
totals = sa.table(
    "hours_totals",
    sa.column("volunteer_id", sa.Uuid()),
    sa.column("minutes", sa.Integer()),
    sa.column("entries", sa.Integer()),
    sa.column("updated_at", UTCDateTime()),
)


def upgrade() -> None:
    with op.batch_alter_table("hours_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("minutes_reported", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    correct_assumed_wish_minutes(op.get_bind())


def correct_assumed_wish_minutes(connection: sa.Connection) -> int:
    """Reverse every wish line credited from the wishes service that is not reversed yet
    (all of them were assumed: no fulfilment carried its time before this revision)."""
    reversal = entries.alias("reversal")
    assumed = connection.execute(
        sa.select(entries.c.id, entries.c.volunteer_id, entries.c.minutes, entries.c.credit_key)
        .outerjoin(reversal, reversal.c.reverses_entry_id == entries.c.id)
        .where(
            entries.c.kind == "wish",
            entries.c.recorded_by == "service:wishes",
            entries.c.minutes > 0,
            reversal.c.id.is_(None),
        )
        .order_by(entries.c.id)
    ).all()
    now = utcnow()
    for line in assumed:
        wish = (line.credit_key or "").removeprefix("wish:")
        connection.execute(
            sa.insert(entries).values(
                id=new_id(),
                volunteer_id=line.volunteer_id,
                minutes=-line.minutes,
                kind="reversal",
                credit_key=None,
                reverses_entry_id=line.id,
                reason=REASON.format(wish=wish, minutes=line.minutes),
                recorded_by=CORRECTED_BY,
                minutes_reported=False,
                created_at=now,
            )
        )
        connection.execute(
            sa.update(entries).where(entries.c.id == line.id).values(minutes_reported=False)
        )
        connection.execute(
            sa.update(totals)
            .where(totals.c.volunteer_id == line.volunteer_id)
            .values(
                minutes=totals.c.minutes - line.minutes,
                entries=totals.c.entries + 1,
                updated_at=now,
            )
        )
    return len(assumed)


def downgrade() -> None:
    # The corrections stay: they are ledger lines, and the minutes they took back were never
    # reported. Only the column goes.
    with op.batch_alter_table("hours_entries", schema=None) as batch_op:
        batch_op.drop_column("minutes_reported")
