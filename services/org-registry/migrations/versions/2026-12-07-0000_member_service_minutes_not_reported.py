"""member service minutes not reported: a service's minutes are what its claimer reported
or null, and the minutes once assumed for fulfilled wishes are taken back

Until now a fulfilled wish never carried the time it took, and every service was counted
a configured default (60 minutes) that nobody had reported. Each such service is marked not
reported (its minutes null) and its report's totals are corrected: its minutes come off
`service_minutes` and it counts in the new `services_unreported`. A service already null
is left alone, so running this again changes nothing.

Revision ID: o08wishmin0001
Revises: o08organisation01
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "o08wishmin0001"
down_revision: str | None = "o08organisation01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

services = sa.table(
    "member_services",
    sa.column("id", sa.Uuid()),
    sa.column("report_id", sa.Uuid()),
    sa.column("minutes", sa.Integer()),
)
reports = sa.table(
    "member_reports",
    sa.column("id", sa.Uuid()),
    sa.column("service_minutes", sa.Integer()),
    sa.column("services_unreported", sa.Integer()),
)


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite has it, with a default): no copy of the reports table.
    op.add_column(
        "member_reports",
        sa.Column("services_unreported", sa.Integer(), server_default="0", nullable=False),
    )
    with op.batch_alter_table("member_services", schema=None) as batch_op:
        batch_op.alter_column("minutes", existing_type=sa.Integer(), nullable=True)
    connection = op.get_bind()
    # Every service counted so far came from a wish whose time nobody reported.
    assumed = connection.execute(
        sa.select(services.c.id, services.c.report_id, services.c.minutes).where(
            services.c.minutes.is_not(None)
        )
    ).all()
    for service in assumed:
        connection.execute(
            sa.update(reports)
            .where(reports.c.id == service.report_id)
            .values(
                service_minutes=reports.c.service_minutes - service.minutes,
                services_unreported=reports.c.services_unreported + 1,
            )
        )
        connection.execute(
            sa.update(services).where(services.c.id == service.id).values(minutes=None)
        )


def downgrade() -> None:
    # The minutes taken back were never reported: they do not come back. Services without
    # minutes count 0 in the older schema.
    connection = op.get_bind()
    connection.execute(sa.update(services).where(services.c.minutes.is_(None)).values(minutes=0))
    with op.batch_alter_table("member_services", schema=None) as batch_op:
        batch_op.alter_column("minutes", existing_type=sa.Integer(), nullable=False)
    op.drop_column("member_reports", "services_unreported")
