"""partner client changes: staff issuing a client's Open311 API key is a change of its own

Revision ID: o11open311key01
Revises: o10partners01
Create Date: 2026-12-07 22:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "o11open311key01"
down_revision: str | None = "o10partners01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = "action in ('created', 'secret-rotated', 'revoked')"
AFTER = "action in ('created', 'secret-rotated', 'revoked', 'open311-key')"


def _action_check(condition: str) -> None:
    with op.batch_alter_table("partner_client_changes", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_partner_client_changes_action"), type_="check")
        batch_op.create_check_constraint(op.f("ck_partner_client_changes_action"), condition)


def upgrade() -> None:
    _action_check(AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM partner_client_changes WHERE action = 'open311-key'")
    _action_check(BEFORE)
