"""The claimer words: stored rows move from `unit` to the contract's `organisation` and
back, and the database accepts exactly the shared vocabulary of claimer types, on
whichever database the suite runs (SQLite by default, PostgreSQL when asked)."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from weimin_events.vocabularies import CLAIMER_TYPES
from weimin_kit.db import Database
from weimin_kit.ids import new_id
from weimin_kit.migrations import Direction, migrate, upgrade_to_head
from weimin_kit.testing import empty_database
from weimin_kit.types import UTCDateTime
from weimin_wishes.app import MIGRATIONS_DIR
from weimin_wishes.wishes.schemas import CLAIM_RULES

BEFORE = "w06revoked0001"
NOW = datetime(2026, 12, 1, tzinfo=UTC)

_TEXT = ("grid_label", "title", "description", "category", "urgency", "beneficiary_kind")
wishes = sa.table(
    "wishes",
    *(sa.column(c, sa.Uuid) for c in ("id", "street_id", "community_id", "grid_unit_id")),
    *(sa.column(c, sa.String) for c in _TEXT),
    *(sa.column(c, sa.String) for c in ("beneficiary_name", "public_name", "claim_rule")),
    *(sa.column(c, sa.String) for c in ("claim_approval", "state", "submitted_by")),
    *(sa.column(c, sa.String) for c in ("claimer_id", "claimer_type")),
    *(sa.column(c, sa.Integer) for c in ("estimated_value_yuan", "version")),
    *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
)


def _claims(organisation_column: str) -> sa.TableClause:
    return sa.table(
        "wish_claims",
        *(sa.column(c, sa.Uuid) for c in ("id", "wish_id", "community_id", organisation_column)),
        *(sa.column(c, sa.String) for c in ("claimer_id", "claimer_type", "status")),
        *(sa.column(c, UTCDateTime()) for c in ("claimed_at", "deadline_at")),
        *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
    )


claims = _claims("organisation_id")
before_claims = _claims("unit_id")
wall_events = sa.table(
    "wall_events",
    sa.column("seq", sa.Integer),
    sa.column("type", sa.String),
    *(sa.column(c, sa.Uuid) for c in ("wish_id", "street_id", "community_id")),
    sa.column("created_at", UTCDateTime()),
    sa.column("payload", sa.JSON),
)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    async with empty_database("wishes-claimer-words", tmp_path) as database:
        yield database


async def _to(database: Database, revision: str, direction: Direction) -> None:
    await migrate(database.engine, MIGRATIONS_DIR, direction, revision)


def _wish(wish_id: uuid.UUID, claim_rule: str, claimer_type: str | None) -> dict[str, Any]:
    return {
        "id": wish_id,
        "street_id": new_id(),
        "community_id": new_id(),
        "grid_unit_id": new_id(),
        **dict.fromkeys(_TEXT, "x"),
        "beneficiary_name": "敬老院",
        "public_name": "敬老院的老人们",
        "claim_rule": claim_rule,
        "claim_approval": "automatic",
        "state": "open" if claimer_type is None else "claimed",
        "submitted_by": "staff",
        "claimer_id": None if claimer_type is None else "member-1",
        "claimer_type": claimer_type,
        "estimated_value_yuan": 50,
        "version": 1,
        "created_at": NOW,
        "updated_at": NOW,
    }


def _claim(wish_id: uuid.UUID, claimer_type: str, **extra: object) -> dict[str, Any]:
    return {
        "id": new_id(),
        "wish_id": wish_id,
        "community_id": new_id(),
        "claimer_id": "member-1",
        "claimer_type": claimer_type,
        "status": "active",
        "claimed_at": NOW,
        "deadline_at": NOW,
        "created_at": NOW,
        "updated_at": NOW,
        **extra,
    }


async def test_unit_claims_become_organisation_claims_and_back(database: Database) -> None:
    await _to(database, BEFORE, "upgrade")
    wish_id, organisation = new_id(), new_id()
    card = {"type": "wish.claimed", "wish": {"claim_rule": "units", "claimer_type": "unit"}}
    async with database.engine.begin() as connection:
        await connection.execute(sa.insert(wishes), _wish(wish_id, "units", "unit"))
        await connection.execute(
            sa.insert(before_claims), _claim(wish_id, "unit", unit_id=organisation)
        )
        await connection.execute(
            sa.insert(wall_events),
            {"seq": 1, "type": "wish.claimed", "wish_id": wish_id, "street_id": new_id()}
            | {"community_id": new_id(), "created_at": NOW, "payload": card},
        )

    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    async with database.engine.connect() as connection:
        wish = (
            await connection.execute(sa.select(wishes.c.claim_rule, wishes.c.claimer_type))
        ).one()
        assert tuple(wish) == ("organisations", "organisation")
        claim = await connection.execute(sa.select(claims.c.claimer_type, claims.c.organisation_id))
        assert tuple(claim.one()) == ("organisation", organisation)
        payload = await connection.scalar(sa.select(wall_events.c.payload))
        assert payload["wish"] == {"claim_rule": "organisations", "claimer_type": "organisation"}

    await _to(database, BEFORE, "downgrade")
    async with database.engine.connect() as connection:
        wish = (
            await connection.execute(sa.select(wishes.c.claim_rule, wishes.c.claimer_type))
        ).one()
        assert tuple(wish) == ("units", "unit")
        claim = await connection.execute(
            sa.select(before_claims.c.claimer_type, before_claims.c.unit_id)
        )
        assert tuple(claim.one()) == ("unit", organisation)
        assert (await connection.scalar(sa.select(wall_events.c.payload))) == card


async def _stored(database: Database, statement: sa.Insert, row: dict[str, Any]) -> bool:
    try:
        async with database.engine.begin() as connection:
            await connection.execute(statement, row)
    except sa.exc.IntegrityError:
        return False
    return True


async def test_the_claimer_columns_accept_exactly_the_shared_vocabulary(
    database: Database,
) -> None:
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    candidates = (*CLAIMER_TYPES, "unit", "organization", "Member", "")
    claimed = new_id()
    assert await _stored(database, sa.insert(wishes), _wish(claimed, "anyone", "member"))
    accepted_on_wishes = [
        kind
        for kind in candidates
        if await _stored(database, sa.insert(wishes), _wish(new_id(), "anyone", kind))
    ]
    # Ended claims, so that one wish can hold them all.
    accepted_on_claims = [
        kind
        for kind in candidates
        if await _stored(database, sa.insert(claims), _claim(claimed, kind, status="withdrawn"))
    ]
    assert accepted_on_wishes == list(CLAIMER_TYPES)
    assert accepted_on_claims == list(CLAIMER_TYPES)
    assert await _stored(database, sa.insert(wishes), _wish(new_id(), "anyone", None))


async def test_the_claim_rule_column_accepts_exactly_the_claim_rules(database: Database) -> None:
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    accepted = [
        rule
        for rule in (*CLAIM_RULES, "units", "organisation", "")
        if await _stored(database, sa.insert(wishes), _wish(new_id(), rule, None))
    ]
    assert accepted == list(CLAIM_RULES)
