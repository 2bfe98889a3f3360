"""Retention: reveal-log and sign-in audit rows older than `audit_retention_years` are
purged, sign-in challenges a day after they expired."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from weimin_org_registry.config import Settings
from weimin_org_registry.identity.models import Account, SignInChallenge, SignInEvent
from weimin_org_registry.people.models import PersonReveal
from weimin_org_registry.retention import sweep_once

NOW = datetime(2026, 12, 6, 21, 0, tzinfo=UTC)


def reveal(at: datetime) -> PersonReveal:
    return PersonReveal(
        id=uuid.uuid4(),
        person_id=uuid.uuid4(),
        street_id=uuid.uuid4(),
        community_id=uuid.uuid4(),
        principal_subject="secretary",
        principal_roles=["admin"],
        fields=["phone"],
        reason="核实身份",
        at=at,
    )


async def test_reveal_rows_older_than_the_retention_are_purged_to_the_microsecond(
    app: FastAPI,
) -> None:
    cutoff = datetime(2024, 12, 6, 21, 0, tzinfo=UTC)
    kept = [reveal(cutoff), reveal(NOW)]
    long_ago = [reveal(datetime(2020, 1, day, tzinfo=UTC)) for day in range(1, 4)]
    old = [reveal(cutoff - timedelta(microseconds=1)), *long_ago]
    async with app.state.database.sessionmaker() as session:
        session.add_all([*kept, *old])
        await session.commit()
    settings = app.state.settings.model_copy(
        update={"audit_retention_years": 2, "retention_batch_size": 3}
    )
    purged = await sweep_once(app.state.database, settings, NOW)
    again = await sweep_once(app.state.database, settings, NOW)
    assert (purged["audit_rows_purged"], again["audit_rows_purged"]) == (4, 0)
    async with app.state.database.sessionmaker() as session:
        left = set(await session.scalars(select(PersonReveal.id)))
    assert left == {row.id for row in kept}


def test_the_audit_retention_is_at_least_a_year() -> None:
    with pytest.raises(ValueError, match="audit_retention_years"):
        Settings(audit_retention_years=0)


def sign_in(at: datetime) -> SignInEvent:
    return SignInEvent(
        id=uuid.uuid4(),
        at=at,
        username="someone-typed-this",
        client_address="198.51.100.7",
        outcome="wrong-password",
    )


def challenge(account_id: uuid.UUID, expires_at: datetime) -> SignInChallenge:
    return SignInChallenge(
        id=uuid.uuid4(),
        token_hash=uuid.uuid4().hex,
        account_id=account_id,
        client_address="198.51.100.7",
        expires_at=expires_at,
    )


async def test_sign_in_audit_and_stale_challenges_are_purged(app: FastAPI) -> None:
    account = Account(
        id=uuid.uuid4(),
        username="retention-test",
        display_name="留存测试",
        password_hash="x",
        roles=[],
        scopes=[],
    )
    cutoff = datetime(2024, 12, 6, 21, 0, tzinfo=UTC)
    kept_events = [sign_in(cutoff), sign_in(NOW)]
    old_events = [sign_in(cutoff - timedelta(seconds=1)), sign_in(datetime(2021, 5, 1, tzinfo=UTC))]
    live = challenge(account.id, NOW - timedelta(hours=23))
    stale = challenge(account.id, NOW - timedelta(days=1, seconds=1))
    async with app.state.database.sessionmaker() as session:
        session.add(account)
        await session.flush()
        session.add_all([*kept_events, *old_events, live, stale])
        await session.commit()
    settings = app.state.settings.model_copy(update={"audit_retention_years": 2})
    counts = await sweep_once(app.state.database, settings, NOW)
    assert (counts["sign_in_events_purged"], counts["sign_in_challenges_purged"]) == (2, 1)
    async with app.state.database.sessionmaker() as session:
        events = set(await session.scalars(select(SignInEvent.id)))
        challenges = set(await session.scalars(select(SignInChallenge.id)))
    assert events == {row.id for row in kept_events}
    assert challenges == {live.id}
