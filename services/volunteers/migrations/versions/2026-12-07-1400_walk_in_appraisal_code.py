"""walk-in appraisal code: walk-in and phone service requests carry a code the station hands
the resident, so the resident can appraise the request once it is closed

Until now only the signed-in requester of a self-service request could appraise it; a
walk-in or phone request names no account, so its appraisal always answered 404. Requests
already entered (walk-in or phone, not appraised) get a code too.

Revision ID: v08walkin0001
Revises: v07wishmin0001
Create Date: 2026-12-07 14:00:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "v08walkin0001"
down_revision: str | None = "v07wishmin0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("appraisal_code", sa.String(length=32), nullable=True))
    requests = sa.table(
        "service_requests",
        sa.column("id", sa.Uuid()),
        sa.column("channel", sa.String()),
        sa.column("requester_account_id", sa.Uuid()),
        sa.column("appraisal_rating", sa.Integer()),
        sa.column("appraisal_code", sa.String()),
    )
    connection = op.get_bind()
    waiting = connection.execute(
        sa.select(requests.c.id).where(
            requests.c.channel.in_(["walk_in", "phone"]),
            requests.c.requester_account_id.is_(None),
            requests.c.appraisal_rating.is_(None),
        )
    ).all()
    for row in waiting:
        connection.execute(
            sa.update(requests)
            .where(requests.c.id == row.id)
            .values(appraisal_code=secrets.token_urlsafe(12))
        )


def downgrade() -> None:
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.drop_column("appraisal_code")
