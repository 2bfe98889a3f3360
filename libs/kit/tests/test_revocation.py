"""Revoked sessions: recorded once per service, refused by `CurrentPrincipal`, checked from a
per-process copy re-read at most every `refresh_seconds`."""

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import MetaData, insert, select

from weimin_kit.auth import Principal
from weimin_kit.db import Database
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.inbox import apply_event
from weimin_kit.revocation import (
    Revocation,
    RevocationList,
    SessionRevoked,
    record_revocation,
    revocation_handler,
)
from weimin_kit.tables import revoked_sessions_table
from weimin_kit.testing import TestKeys

KEEP = 960
ROWS = revoked_sessions_table(MetaData())


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def record(app: FastAPI, revocation: Revocation, now: datetime | None = None) -> None:
    async with app.state.database.sessionmaker() as session, session.begin():
        await record_revocation(
            session, revocation, keep_seconds=KEEP, now=now or datetime.now(UTC)
        )


async def rows(app: FastAPI) -> list[tuple[str, str, datetime | None]]:
    async with app.state.database.sessionmaker() as session:
        result = await session.execute(
            select(ROWS.c.kind, ROWS.c.revoked_id, ROWS.c.issued_before).order_by(
                ROWS.c.kind, ROWS.c.revoked_id
            )
        )
        return [(r.kind, r.revoked_id, r.issued_before) for r in result]


def principal(subject: str = "u1", sid: str | None = "s1", iat: int | None = None) -> Principal:
    issued = int(time.time()) if iat is None else iat
    return Principal(subject, session_id=sid, claims={"iat": issued, "sub": subject})


def revocation_list(app: FastAPI, clock: FakeMonotonic) -> RevocationList:
    return RevocationList(lambda: app.state.database, refresh_seconds=0.5, monotonic=clock)


async def test_a_revoked_session_is_refused_and_other_sessions_are_not(app: FastAPI) -> None:
    await record(app, Revocation(reason="logout", revoked_at=datetime.now(UTC), session_ids=["s1"]))
    checks = revocation_list(app, FakeMonotonic())
    with pytest.raises(SessionRevoked):
        await checks.ensure_not_revoked(principal(sid="s1"))
    await checks.ensure_not_revoked(principal(sid="s2"))
    await checks.ensure_not_revoked(principal(sid=None))


async def test_an_account_cutoff_refuses_tokens_issued_before_it_only(app: FastAPI) -> None:
    cutoff = datetime(2026, 12, 6, 21, 0, 0, tzinfo=UTC)
    await record(
        app,
        Revocation(
            reason="sessions-revoked",
            revoked_at=datetime.now(UTC),
            account_id="u1",
            issued_before=cutoff,
        ),
    )
    checks = revocation_list(app, FakeMonotonic())
    at = int(cutoff.timestamp())
    with pytest.raises(SessionRevoked):
        await checks.ensure_not_revoked(principal("u1", sid="any", iat=at - 1))
    # A sign-in in the cutoff's own second, or later, works (its earlier siblings are named
    # by their sessions).
    await checks.ensure_not_revoked(principal("u1", sid="any", iat=at))
    await checks.ensure_not_revoked(principal("u1", sid="any", iat=at + 60))
    await checks.ensure_not_revoked(principal("u2", sid="any", iat=at - 1))


async def written_by_another_replica(app: FastAPI, session_id: str) -> None:
    # Another process of the service recorded it: nothing tells this process.
    now = datetime.now(UTC)
    async with app.state.database.sessionmaker() as session, session.begin():
        await session.execute(
            insert(ROWS).values(
                kind="session",
                revoked_id=session_id,
                reason="logout",
                revoked_at=now,
                expires_at=now + timedelta(seconds=KEEP),
            )
        )


async def test_another_replicas_revocation_is_seen_after_the_refresh_interval(
    app: FastAPI,
) -> None:
    clock = FakeMonotonic()
    checks = revocation_list(app, clock)
    await checks.ensure_not_revoked(principal(sid="s1"))  # loads the (empty) copy
    await written_by_another_replica(app, "s1")

    clock.now += 0.49
    await checks.ensure_not_revoked(principal(sid="s1"))  # still the old copy: no query
    clock.now += 0.01
    with pytest.raises(SessionRevoked):
        await checks.ensure_not_revoked(principal(sid="s1"))


async def test_a_revocation_recorded_in_this_process_is_seen_at_the_next_check(
    app: FastAPI,
) -> None:
    checks = revocation_list(app, FakeMonotonic())
    await checks.ensure_not_revoked(principal(sid="s1"))
    await record(app, Revocation(reason="logout", revoked_at=datetime.now(UTC), session_ids=["s1"]))
    with pytest.raises(SessionRevoked):
        await checks.ensure_not_revoked(principal(sid="s1"))


async def test_a_revocation_rolled_back_leaves_the_copy_alone(app: FastAPI) -> None:
    checks = revocation_list(app, FakeMonotonic())
    await checks.ensure_not_revoked(principal(sid="s1"))
    loaded = checks._loaded_at
    async with app.state.database.sessionmaker() as session:
        await record_revocation(
            session,
            Revocation(reason="logout", revoked_at=datetime.now(UTC), session_ids=["s1"]),
            keep_seconds=KEEP,
            now=datetime.now(UTC),
        )
        await session.rollback()
    assert checks._loaded_at == loaded
    await checks.ensure_not_revoked(principal(sid="s1"))


async def test_concurrent_checks_share_one_read_and_fresh_checks_read_nothing(
    app: FastAPI,
) -> None:
    clock, reads = FakeMonotonic(), 0

    def database() -> Database:
        nonlocal reads
        reads += 1
        database: Database = app.state.database
        return database

    checks = RevocationList(database, refresh_seconds=0.5, monotonic=clock)
    await asyncio.gather(*(checks.ensure_not_revoked(principal(sid="x")) for _ in range(20)))
    assert reads == 1
    for _ in range(100):
        clock.now += 0.004
        await checks.ensure_not_revoked(principal(sid="x"))
    assert reads == 1
    clock.now += 0.11
    await checks.ensure_not_revoked(principal(sid="x"))
    assert reads == 2


async def test_a_revocation_committed_during_a_read_is_read_again(app: FastAPI) -> None:
    reads = 0

    def database() -> Database:
        nonlocal reads
        reads += 1
        if reads == 1:
            checks.invalidate()  # a revocation commits while the first read is under way
        database: Database = app.state.database
        return database

    checks = RevocationList(database, refresh_seconds=0.5, monotonic=FakeMonotonic())
    await checks.ensure_not_revoked(principal(sid="x"))
    await checks.ensure_not_revoked(principal(sid="x"))
    await checks.ensure_not_revoked(principal(sid="x"))
    assert reads == 2


async def test_the_later_cutoff_wins_whatever_order_revocations_arrive_in(app: FastAPI) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    earlier, later = now - timedelta(minutes=5), now
    for cutoff in (later, earlier, later):
        await record(
            app,
            Revocation(
                reason="sessions-revoked",
                revoked_at=cutoff,
                account_id="u1",
                issued_before=cutoff,
                session_ids=["s1"],
            ),
        )
    assert await rows(app) == [("account", "u1", later), ("session", "s1", None)]


async def test_rows_are_purged_once_every_token_they_refuse_has_expired(app: FastAPI) -> None:
    start = datetime.now(UTC)
    await record(app, Revocation(reason="logout", revoked_at=start, session_ids=["old"]), start)
    later = start + timedelta(seconds=KEEP)
    await record(app, Revocation(reason="logout", revoked_at=later, session_ids=["new"]), later)
    assert [r[1] for r in await rows(app)] == ["new"]
    # A delivery arriving after every token it names has expired writes nothing.
    too_late = later + timedelta(seconds=KEEP)
    await record(app, Revocation(reason="logout", revoked_at=later, session_ids=["x"]), too_late)
    assert await rows(app) == []


async def test_keep_until_keeps_a_row_past_the_usual_keep(app: FastAPI) -> None:
    # A partner client's Open311 key lives a year: its revocation must outlast KEEP.
    start = datetime.now(UTC)
    year = start + timedelta(days=365)
    revoked = Revocation(reason="sessions-revoked", revoked_at=start, session_ids=["key"])
    kept = Revocation(
        reason="sessions-revoked", revoked_at=start, session_ids=["open311"], keep_until=year
    )
    await record(app, revoked, start)
    await record(app, kept, start)
    # Another revocation a day on purges what has expired, and only that.
    day_later = start + timedelta(days=1)
    await record(
        app, Revocation(reason="logout", revoked_at=day_later, session_ids=["x"]), day_later
    )
    assert [r[1] for r in await rows(app)] == ["open311", "x"]


class Announced(BaseModel):
    account_id: uuid.UUID
    session_ids: list[uuid.UUID] = []
    issued_before: datetime | None = None
    reason: str
    revoked_at: datetime


async def test_the_event_handler_records_a_revocation_once(app: FastAPI) -> None:
    account, sid = uuid.uuid4(), uuid.uuid4()
    event = CloudEvent(
        specversion="1.0",
        id=str(uuid.uuid4()),
        source="/weimin/issuer",
        type="cn.weimin.session.revoked.v1",
        subject=str(account),
        data={
            "account_id": str(account),
            "session_ids": [str(sid)],
            "issued_before": "2026-12-06T21:00:00Z",
            "reason": "sessions-revoked",
            "revoked_at": datetime.now(UTC).isoformat(),
        },
    )
    handlers = {event.type: revocation_handler(app, Announced)}
    assert await apply_event(app.state.database, handlers, event) == "applied"
    assert await apply_event(app.state.database, handlers, event) == "duplicate"
    assert await rows(app) == [
        ("account", str(account), datetime(2026, 12, 6, 21, 0, 0, tzinfo=UTC)),
        ("session", str(sid), None),
    ]


async def test_a_request_with_a_revoked_token_is_401_session_revoked(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    app.state.revocations.refresh_seconds = 0
    revoked = test_keys.headers(roles=["admin"], sid="s-revoked")
    alive = test_keys.headers(roles=["admin"], sid="s-alive")
    assert (await client.get("/v1/notes", headers=revoked)).status_code == 200
    await record(
        app, Revocation(reason="logout", revoked_at=datetime.now(UTC), session_ids=["s-revoked"])
    )

    refused = await client.get("/v1/notes", headers=revoked)

    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["www-authenticate"] == "Bearer"
    assert refused.json()["code"] == "session-revoked"
    assert (await client.get("/v1/notes", headers=alive)).status_code == 200
