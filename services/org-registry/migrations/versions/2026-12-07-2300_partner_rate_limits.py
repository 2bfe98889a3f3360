"""partner rate limits: each partner client's calls per minute (and burst) at the partner
exchange, carried in its tokens; `updated` joins the actions of the client's audit

Clients created before this revision get 600 calls per minute (the service's default
setting) and no burst of their own (as many at once as per minute).

Revision ID: o11ratelimit01
Revises: o11open311key01
Create Date: 2026-12-07 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "o11ratelimit01"
down_revision: str | None = "o11open311key01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIONS_BEFORE = "action in ('created', 'secret-rotated', 'revoked', 'open311-key')"
ACTIONS_AFTER = "action in ('created', 'secret-rotated', 'revoked', 'open311-key', 'updated')"
changes = sa.table("partner_client_changes", sa.column("action", sa.String()))


def upgrade() -> None:
    # Plain ADD COLUMNs (SQLite has them, with a default): no copy of the clients table.
    op.add_column(
        "partner_clients",
        sa.Column("rate_limit_per_minute", sa.Integer(), server_default="600", nullable=False),
    )
    op.add_column("partner_clients", sa.Column("rate_limit_burst", sa.Integer(), nullable=True))
    with op.batch_alter_table("partner_client_changes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_partner_client_changes_action"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_partner_client_changes_action"), ACTIONS_AFTER
        )


def downgrade() -> None:
    # The older schema has no rate limit to change: those audit rows go with the columns.
    op.execute(sa.delete(changes).where(changes.c.action == "updated"))
    with op.batch_alter_table("partner_client_changes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_partner_client_changes_action"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_partner_client_changes_action"), ACTIONS_BEFORE
        )
    # Plain DROP COLUMNs: a batch copy of the clients table would drop the old one, and
    # SQLite's foreign keys would take its secrets and audit with it (ON DELETE CASCADE).
    op.drop_column("partner_clients", "rate_limit_burst")
    op.drop_column("partner_clients", "rate_limit_per_minute")
