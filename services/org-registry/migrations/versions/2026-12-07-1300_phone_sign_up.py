"""sign-up and sign-in with a mobile number: the account's sealed number, a pending
member claim, and the one-time codes sent by text message

Revision ID: o09phonecode01
Revises: o08wishmin0001
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "o09phonecode01"
down_revision: str | None = "o08wishmin0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_cipher", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("phone_index", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("member_pending", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_unique_constraint(batch_op.f("uq_accounts_phone_index"), ["phone_index"])

    op.create_table(
        "phone_codes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("phone_index", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("expires_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "purpose in ('sign-in', 'register', 'reset-password')",
            name=op.f("ck_phone_codes_purpose"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone_codes")),
    )
    with op.batch_alter_table("phone_codes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_phone_codes_phone_created", ["phone_index", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_phone_codes_client_address"), ["client_address"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_phone_codes_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_table("phone_codes")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_accounts_phone_index"), type_="unique")
        batch_op.drop_column("member_pending")
        batch_op.drop_column("phone_index")
        batch_op.drop_column("phone_cipher")
