"""The reveal log's retention: rows older than `audit_retention_years` are purged."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from weimin_org_registry.config import Settings
from weimin_org_registry.people.models import PersonReveal
from weimin_org_registry.retention import sweep_once

NOW = datetime(2026, 12, 6, 21, 0, tzinfo=UTC)


def reveal(at: datetime) -> PersonReveal:
    return PersonReveal(
        id=uuid.uuid4(), person_id=uuid.uuid4(), street_id=uuid.uuid4(),
        community_id=uuid.uuid4(), principal_subject="secretary", principal_roles=["admin"],
        fields=["phone"], reason="核实身份", at=at,
    )  # fmt: skip


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
    assert await sweep_once(app.state.database, settings, NOW) == {"audit_rows_purged": 4}
    assert await sweep_once(app.state.database, settings, NOW) == {"audit_rows_purged": 0}
    async with app.state.database.sessionmaker() as session:
        left = set(await session.scalars(select(PersonReveal.id)))
    assert left == {row.id for row in kept}


def test_the_audit_retention_is_at_least_a_year() -> None:
    with pytest.raises(ValueError, match="audit_retention_years"):
        Settings(audit_retention_years=0)
