"""Read sessions refuse to write; a GET that must write declares WriteSessionDep."""

import asyncio
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from sample.app import Note, Seen
from weimin_kit.db import Database, ReadOnlySessionError, read_sessionmaker
from weimin_kit.testing import TestKeys
from weimin_kit.testing.databases import backend, create_test_database

ON_SQLITE = backend() == "sqlite"


async def seen_titles(app: FastAPI) -> list[str]:
    database: Database = app.state.database
    async with database.sessionmaker() as session:
        return list(await session.scalars(select(Seen.title).order_by(Seen.title)))


@pytest.mark.parametrize("route", ["unaudited-write", "bulk-update", "raw-write"])
async def test_a_get_that_writes_through_its_read_session_is_an_internal_error(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, route: str
) -> None:
    admin = test_keys.headers(roles=["admin"])
    await client.post("/v1/notes", json={"title": "kept", "area": "a1"}, headers=admin)
    response = await client.get(f"/v1/notes/kept/{route}", headers=admin)
    assert response.status_code == 500
    assert "WriteSessionDep" not in response.text  # internals stay in the log
    assert await seen_titles(app) == []
    listed = await client.get("/v1/notes", headers=admin)
    assert [(n["title"], n["area"]) for n in listed.json()["items"]] == [("kept", "a1")]


async def test_a_read_session_names_the_rule_when_asked_to_flush(app: FastAPI) -> None:
    database: Database = app.state.database
    async with database.read_sessionmaker() as session:
        session.add(Seen(title="x"))
        with pytest.raises(ReadOnlySessionError, match=r"flush new Seen.*WriteSessionDep"):
            await session.flush()


async def test_a_read_session_refuses_a_changed_loaded_object(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    await client.post(
        "/v1/notes", json={"title": "t", "area": "a1"}, headers=test_keys.headers(roles=["admin"])
    )
    database: Database = app.state.database
    async with database.read_sessionmaker() as session:
        note = await session.scalar(select(Note).where(Note.title == "t"))
        assert note is not None
        note.area = "elsewhere"
        with pytest.raises(ReadOnlySessionError, match="changed Note"):
            await session.flush()


async def test_a_read_session_reads_and_autoflushes_nothing(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    await client.post(
        "/v1/notes", json={"title": "r", "area": "a1"}, headers=test_keys.headers(roles=["admin"])
    )
    database: Database = app.state.database
    async with database.read_sessionmaker() as session:
        note = await session.scalar(select(Note).where(Note.title == "r"))
        assert note is not None
        note.area = note.area  # set to the same value: not a change
        await session.flush()
        assert await session.scalar(text("SELECT count(*) FROM notes")) == 1


async def test_a_get_with_a_write_session_writes_and_commits(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    admin = test_keys.headers(roles=["admin"])
    first = await client.get("/v1/notes/report/audited", headers=admin)
    second = await client.get("/v1/notes/report/audited", headers=admin)
    assert (first.status_code, first.json()) == (200, {"title": "report", "seen": 1})
    assert (second.status_code, second.json()) == (200, {"title": "report", "seen": 2})


async def test_concurrent_writing_gets_and_posts_all_succeed(
    live_app: FastAPI, test_keys: TestKeys
) -> None:
    """60 audited GETs racing 20 POSTs on one SQLite file: every GET queues for the lock
    up front (BEGIN IMMEDIATE), so none fails as a deferred reader turned writer does."""
    admin = test_keys.headers(roles=["admin"])
    transport = httpx.ASGITransport(app=live_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        reads = [client.get(f"/v1/notes/r{i % 3}/audited", headers=admin) for i in range(60)]
        writes = [
            client.post("/v1/notes", json={"title": f"w{i}", "area": "a1"}, headers=admin)
            for i in range(20)
        ]
        responses = await asyncio.gather(*reads, *writes)
    assert [r.status_code for r in responses] == [200] * 60 + [201] * 20
    assert sorted(await seen_titles(live_app)) == sorted(f"r{i % 3}" for i in range(60))


@pytest.mark.skipif(not ON_SQLITE, reason="SQLite's locking is what this shows")
async def test_on_sqlite_a_deferred_transaction_turned_writer_fails_whatever_the_timeout(
    tmp_path: Path,
) -> None:
    """Why read sessions must not write: once another writer commits after a deferred
    transaction read, its first write is refused at once (SQLITE_BUSY), busy timeout or not."""
    url = await create_test_database("deferred", tmp_path)
    database = Database.from_url(url, busy_timeout_ms=5_000)
    try:
        async with database.engine.begin() as setup:
            await setup.execute(text("CREATE TABLE t (n INTEGER)"))
        deferred = await database.read_engine.connect()  # BEGIN (deferred), as reads do
        await deferred.begin()
        await deferred.execute(text("SELECT count(*) FROM t"))
        async with database.engine.begin() as writer:
            await writer.execute(text("INSERT INTO t VALUES (1)"))
        started = asyncio.get_running_loop().time()
        with pytest.raises(OperationalError, match="database is locked"):
            await deferred.execute(text("INSERT INTO t VALUES (2)"))
        assert asyncio.get_running_loop().time() - started < 1.0  # not the 5 s timeout
        await deferred.rollback()
        await deferred.close()
    finally:
        await database.dispose()


async def test_read_sessionmaker_makes_read_only_sessions_on_any_bind(app: FastAPI) -> None:
    database: Database = app.state.database
    factory = read_sessionmaker(database.engine)
    async with factory() as session:
        session.add(Seen(title="y"))
        with pytest.raises(ReadOnlySessionError):
            await session.flush()
