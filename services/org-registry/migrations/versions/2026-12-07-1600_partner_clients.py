"""partner clients: OAuth2 client credentials for machine partners, their hashed secrets,
the staff audit of their changes and the audit of their token requests

Revision ID: o10partners01
Revises: o09phonecode01
Create Date: 2026-12-07 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import weimin_kit.types

revision: str = "o10partners01"
down_revision: str | None = "o09phonecode01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partner_clients",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("area_kind", sa.String(length=16), nullable=False),
        sa.Column("area_id", sa.Uuid(), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("revoked_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=255), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "area_kind in ('street', 'community')", name=op.f("ck_partner_clients_area_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_clients")),
        sa.UniqueConstraint("client_id", name=op.f("uq_partner_clients_client_id")),
    )
    op.create_index(
        op.f("ix_partner_clients_street_id"), "partner_clients", ["street_id"], unique=False
    )
    op.create_index(
        op.f("ix_partner_clients_community_id"), "partner_clients", ["community_id"], unique=False
    )
    op.create_table(
        "partner_client_secrets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_pk", sa.Uuid(), nullable=False),
        sa.Column("secret_hash", sa.String(length=255), nullable=False),
        sa.Column("expires_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_pk"],
            ["partner_clients.id"],
            name=op.f("fk_partner_client_secrets_client_pk_partner_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_client_secrets")),
    )
    op.create_index(
        op.f("ix_partner_client_secrets_client_pk"),
        "partner_client_secrets",
        ["client_pk"],
        unique=False,
    )
    op.create_table(
        "partner_client_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_pk", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("street_id", sa.Uuid(), nullable=False),
        sa.Column("community_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "action in ('created', 'secret-rotated', 'revoked')",
            name=op.f("ck_partner_client_changes_action"),
        ),
        sa.ForeignKeyConstraint(
            ["client_pk"],
            ["partner_clients.id"],
            name=op.f("fk_partner_client_changes_client_pk_partner_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_client_changes")),
    )
    op.create_index(
        op.f("ix_partner_client_changes_client_pk"),
        "partner_client_changes",
        ["client_pk"],
        unique=False,
    )
    op.create_index(
        op.f("ix_partner_client_changes_street_id"),
        "partner_client_changes",
        ["street_id"],
        unique=False,
    )
    op.create_table(
        "partner_token_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_pk", sa.Uuid(), nullable=False),
        sa.Column("at", weimin_kit.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "outcome in ('issued', 'wrong-secret', 'revoked', 'invalid-scope')",
            name=op.f("ck_partner_token_requests_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["client_pk"],
            ["partner_clients.id"],
            name=op.f("fk_partner_token_requests_client_pk_partner_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_token_requests")),
    )
    op.create_index(
        "ix_partner_token_requests_client_pk_at",
        "partner_token_requests",
        ["client_pk", "at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_partner_token_requests_client_pk_at", table_name="partner_token_requests")
    op.drop_table("partner_token_requests")
    op.drop_index(op.f("ix_partner_client_changes_street_id"), table_name="partner_client_changes")
    op.drop_index(op.f("ix_partner_client_changes_client_pk"), table_name="partner_client_changes")
    op.drop_table("partner_client_changes")
    op.drop_index(op.f("ix_partner_client_secrets_client_pk"), table_name="partner_client_secrets")
    op.drop_table("partner_client_secrets")
    op.drop_index(op.f("ix_partner_clients_community_id"), table_name="partner_clients")
    op.drop_index(op.f("ix_partner_clients_street_id"), table_name="partner_clients")
    op.drop_table("partner_clients")
