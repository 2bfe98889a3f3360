"""Async database access: engine per process, one transaction per request.

On SQLite every connection runs in WAL mode with a busy timeout, and write transactions
start with `BEGIN IMMEDIATE`, so two writers queue on the database lock instead of one
failing with "database is locked" when it tries to upgrade a read lock mid-transaction.
Reads use a deferred transaction and run alongside a writer under WAL.

The rule that keeps this sound: a deferred transaction must never write. One that does
turns into a writer halfway through, and if another writer committed meanwhile SQLite
refuses it at once (SQLITE_BUSY, whatever the busy timeout), so concurrent requests answer
500. Hence:

* `SessionDep` on GET/HEAD is a read session, and a read session refuses to write: a flush
  with pending changes, or an INSERT/UPDATE/DELETE executed through it (ORM, Core or
  textual), raises `ReadOnlySessionError` (an internal error, 500) every time, so a GET
  that writes fails in the tests, not randomly under load. (A statement run on the
  session's own Connection, or on a raw DBAPI connection, is not watched.)
* A GET that must write (an audited read, an export that records who took it) declares
  `WriteSessionDep`: its transaction starts `BEGIN IMMEDIATE` and queues for the lock up
  front, like every POST.
* Lazy upkeep ("expire what is overdue when someone looks") does not belong in a read:
  compute the state on read and persist it in a background sweep or the next write.
"""

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import MetaData, TextClause, event, insert, text
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.pool import ConnectionPoolEntry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

READ_ONLY_OPTION = "weimin_read_only"


def make_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


class ReadOnlySessionError(RuntimeError):
    """A read session was asked to write. A programming error, answered 500: the route
    must declare `WriteSessionDep`, or the write does not belong in a read."""


class ReadOnlySession(Session):
    """The session class of read sessions (`ReadSessionDep`, `SessionDep` on GET/HEAD,
    `Database.read_sessionmaker`): flushing changes or executing DML through it raises
    `ReadOnlySessionError` (see `_refuse_flush`, `_refuse_dml`)."""


_DML_WORDS = ("insert", "update", "delete", "replace", "upsert", "merge")


def _refusal(what: str) -> ReadOnlySessionError:
    return ReadOnlySessionError(
        f"a read session was asked to {what}; a GET/HEAD route that must write declares "
        "WriteSessionDep (BEGIN IMMEDIATE), otherwise the write does not belong in a read"
    )


@event.listens_for(ReadOnlySession, "before_flush")
def _refuse_flush(session: Session, _context: UOWTransaction, _instances: object) -> None:
    pending = (
        [f"new {type(o).__name__}" for o in session.new]
        + [f"deleted {type(o).__name__}" for o in session.deleted]
        + [f"changed {type(o).__name__}" for o in session.dirty if session.is_modified(o)]
    )
    if pending:
        raise _refusal(f"flush {', '.join(sorted(set(pending)))}")


@event.listens_for(ReadOnlySession, "do_orm_execute")
def _refuse_dml(state: ORMExecuteState) -> None:
    statement = state.statement
    if state.is_insert or state.is_update or state.is_delete:
        raise _refusal(f"execute {type(statement).__name__.upper()}")
    if isinstance(statement, TextClause):
        first = statement.text.lstrip().split(None, 1)[:1]
        if first and first[0].lower() in _DML_WORDS:
            raise _refusal(f"execute {first[0].upper()}")


def read_sessionmaker(bind: Any, **kwargs: Any) -> async_sessionmaker[AsyncSession]:
    """A factory of read sessions (they refuse to write) on `bind`."""
    kwargs.setdefault("expire_on_commit", False)
    return async_sessionmaker(bind, sync_session_class=ReadOnlySession, **kwargs)


def _prepare_sqlite_file(url: str) -> None:
    path = url.split(":///", 1)[1] if ":///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _install_sqlite_behaviour(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        # Take transaction control away from the driver so we can say BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def create_engine(url: str, *, busy_timeout_ms: int = 30_000, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        _prepare_sqlite_file(url)
        engine = create_async_engine(url, **kwargs)
        _install_sqlite_behaviour(engine, busy_timeout_ms)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


class Database:
    """The process's engine and the session factories bound to it."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
        # Same pool; on SQLite its transactions start deferred (readers never queue), so
        # its sessions refuse to write (see the module's docstring).
        self.read_engine = engine.execution_options(**{READ_ONLY_OPTION: True})
        self.read_sessionmaker = read_sessionmaker(self.read_engine)

    @classmethod
    def from_url(cls, url: str, *, busy_timeout_ms: int = 30_000) -> "Database":
        return cls(create_engine(url, busy_timeout_ms=busy_timeout_ms))

    async def dispose(self) -> None:
        await self.engine.dispose()


def database_of(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


@asynccontextmanager
async def _transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's transaction: committed when the handler returns, rolled back on error.

    GET/HEAD get a read session (deferred; it refuses to write), every other method a write
    session (`BEGIN IMMEDIATE` on SQLite). Services only flush. Registered with
    scope="function" so the commit happens before the response is sent: a failed commit
    becomes an error response, never a silent 2xx.
    """
    database = database_of(request)
    reads_only = request.method in ("GET", "HEAD")
    factory = database.read_sessionmaker if reads_only else database.sessionmaker
    async with _transaction(factory) as session:
        yield session


async def _read_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with _transaction(database_of(request).read_sessionmaker) as session:
        yield session


async def _write_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with _transaction(database_of(request).sessionmaker) as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(_request_session, scope="function")]
# For a POST that only reads (a lookup whose key, such as an ID number, must stay out of
# URLs and logs): on SQLite a write transaction would queue behind every writer.
ReadSessionDep = Annotated[AsyncSession, Depends(_read_session, scope="function")]
# For a GET/HEAD that must write (an audited read, an export recorded before it starts):
# the transaction takes SQLite's write lock at its first statement (`BEGIN IMMEDIATE`),
# queueing behind other writers within the busy timeout, instead of failing at once when
# a deferred read turns into a writer. Such a GET queues like a POST: keep it for routes
# that really write.
WriteSessionDep = Annotated[AsyncSession, Depends(_write_session, scope="function")]


async def insert_in_batches(
    executor: AsyncConnection | AsyncSession,
    target: Any,
    rows: Iterable[dict[str, Any]],
    batch_size: int = 5_000,
) -> int:
    """Bulk-insert `rows` into a mapped class or table, a batch per executemany, without
    holding every row in memory (demo loaders stream a million residents through it)."""
    count = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, batch_size)):
        await executor.execute(insert(target), batch)
        count += len(batch)
    return count


async def plan_each_statement(session: AsyncSession) -> None:
    """For the rest of the transaction, PostgreSQL plans each statement for its own values.

    A batch's lookups (`IN` lists of a thousand keys) are prepared statements that asyncpg
    caches; from their sixth run PostgreSQL may switch to a generic plan, estimated from
    statistics that a large import has just made stale, and scan a table for each batch
    (measured: 30 ms a lookup became 300–600 ms, `bench/exchange.py`). No-op elsewhere."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
