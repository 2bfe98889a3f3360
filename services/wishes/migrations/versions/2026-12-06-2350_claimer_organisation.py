"""claimer organisation: a claim made for a co-building organisation says `organisation`

The events contract always called this claimer an organisation while the wishes service
called it a unit. Stored rows move to the contract's word (claimer type `unit` →
`organisation`, claim rule `units` → `organisations`, `wish_claims.unit_id` →
`organisation_id`, and the cards the wall replays), and check constraints now hold the
claimer types and claim rules to their vocabularies.

The value lists are written out here, not imported: a migration records the schema as it
was on this day, whatever the vocabulary says later.

Revision ID: w07organisation01
Revises: w06revoked0001
Create Date: 2026-12-06 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "w07organisation01"
down_revision: str | None = "w06revoked0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLAIMER_TYPES = "'member', 'volunteer', 'resident', 'organisation'"
CLAIM_RULES = "'anyone', 'members', 'volunteers', 'organisations'"


ASIDE = "_wish_claims_aside"


def _set_claims_aside() -> str:
    """Where the claims are while `wishes` is rebuilt: SQLite adds a check constraint by
    rebuilding the table, and with foreign keys on (they are, and the pragma cannot change
    inside the migration's transaction) it refuses to drop `wishes` while claims point at
    it. The claims wait in a plain copy meanwhile. PostgreSQL alters in place."""
    if op.get_bind().dialect.name != "sqlite":
        return "wish_claims"
    op.execute("CREATE TABLE _wish_claims_aside AS SELECT * FROM wish_claims")
    op.execute("DELETE FROM wish_claims")
    return ASIDE


def _put_claims_back(claims_table: str) -> None:
    if claims_table == ASIDE:
        # Same columns in the same order: the rebuild keeps positions, a rename included.
        op.execute("INSERT INTO wish_claims SELECT * FROM _wish_claims_aside")
        op.execute("DROP TABLE _wish_claims_aside")


def _rename_values(claims_table: str, claimer: tuple[str, str], rule: tuple[str, str]) -> None:
    """Move claimer type `claimer[0]` → `claimer[1]` and claim rule `rule[0]` → `rule[1]`
    wherever they are stored."""
    wishes = sa.table("wishes", sa.column("claimer_type"), sa.column("claim_rule"))
    claims = sa.table(claims_table, sa.column("claimer_type"))
    for table in (wishes, claims):
        op.execute(
            table.update().where(table.c.claimer_type == claimer[0]).values(claimer_type=claimer[1])
        )
    op.execute(wishes.update().where(wishes.c.claim_rule == rule[0]).values(claim_rule=rule[1]))
    _rename_in_wall_cards(claimer, rule)


def _rename_in_wall_cards(claimer: tuple[str, str], rule: tuple[str, str]) -> None:
    # The wall replays these cards to kiosks that reconnect; JSON is edited in Python so
    # the same code runs on SQLite and PostgreSQL (the table holds a day or two of cards).
    wall_events = sa.table(
        "wall_events", sa.column("seq", sa.Integer), sa.column("payload", sa.JSON)
    )
    bind = op.get_bind()
    for seq, payload in bind.execute(sa.select(wall_events.c.seq, wall_events.c.payload)).all():
        card = (payload or {}).get("wish") or {}
        changed = False
        if card.get("claimer_type") == claimer[0]:
            card["claimer_type"], changed = claimer[1], True
        if card.get("claim_rule") == rule[0]:
            card["claim_rule"], changed = rule[1], True
        if changed:
            bind.execute(
                wall_events.update().where(wall_events.c.seq == seq).values(payload=payload)
            )


def _claim_rule_length(before: int, after: int) -> None:
    with op.batch_alter_table("wishes", schema=None) as batch_op:
        batch_op.alter_column(
            "claim_rule", existing_type=sa.String(length=before), type_=sa.String(length=after)
        )


def upgrade() -> None:
    claims_table = _set_claims_aside()
    _claim_rule_length(12, 16)  # "organisations" is 13 characters
    _rename_values(claims_table, ("unit", "organisation"), ("units", "organisations"))
    with op.batch_alter_table("wishes", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_wishes_claimer_type"),
            f"claimer_type is null or claimer_type in ({CLAIMER_TYPES})",
        )
        batch_op.create_check_constraint(
            op.f("ck_wishes_claim_rule"), f"claim_rule in ({CLAIM_RULES})"
        )
    with op.batch_alter_table("wish_claims", schema=None) as batch_op:
        batch_op.alter_column("unit_id", new_column_name="organisation_id")
        batch_op.create_check_constraint(
            op.f("ck_wish_claims_claimer_type"), f"claimer_type in ({CLAIMER_TYPES})"
        )
    _put_claims_back(claims_table)


def downgrade() -> None:
    claims_table = _set_claims_aside()
    with op.batch_alter_table("wish_claims", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_wish_claims_claimer_type"), type_="check")
        batch_op.alter_column("organisation_id", new_column_name="unit_id")
    with op.batch_alter_table("wishes", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_wishes_claim_rule"), type_="check")
        batch_op.drop_constraint(op.f("ck_wishes_claimer_type"), type_="check")
    _rename_values(claims_table, ("organisation", "unit"), ("organisations", "units"))
    _claim_rule_length(16, 12)
    _put_claims_back(claims_table)
