"""Revoked sessions: access tokens refused before they expire.

An access token lives up to 15 minutes and is verified by its signature alone, so signing
out, a refresh token used twice, an admin's revoke, a disabled account or a new password
would leave it working until it expires. The issuer therefore announces each revocation as
an event; every service writes it into its own `revoked_sessions` table (the issuer in the
same transaction as the revocation, the others through the kit's inbox, `revocation_handler`),
and `CurrentPrincipal` refuses a token that a row names with 401 `session-revoked`.

Two kinds of row: `session` refuses every token carrying that `sid` (a sign-in: the refresh
token family); `account` refuses every token of that `sub` whose `iat` is before
`issued_before`, so a sign-in after the revocation keeps working. `iat` is in whole seconds:
the issuer rounds `issued_before` down to the second and names the sessions it revoked as
well, so a token issued in the revocation's own second is caught by its session.

Checking costs no query per request: each process holds the rows in memory and re-reads them
from its own table at most every `revocation_refresh_seconds` (0.5 s), so every replica of a
service, each with its own copy, converges within a second of the row's commit. The process
that wrote the row (the one the event was delivered to) re-reads at its next request instead.
Rows are kept `revocation_keep_seconds` (longer than any access token lives), then deleted.
"""

import asyncio
import logging
import time
import uuid
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import MetaData, delete, event, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.db import Database
from weimin_kit.errors import SessionRevoked
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.inbox import Handler
from weimin_kit.tables import revoked_sessions_table
from weimin_kit.types import utcnow

_REVOKED = revoked_sessions_table(MetaData())
log = logging.getLogger("weimin.revocation")
Kind = Literal["session", "account"]


@dataclass(frozen=True, slots=True)
class Revocation:
    """What a revocation says, whoever announced it."""

    reason: str
    revoked_at: datetime
    session_ids: Iterable[uuid.UUID | str] = ()
    account_id: uuid.UUID | str | None = None
    #: With `account_id`: every token of the account issued before this is refused.
    issued_before: datetime | None = None
    #: Keep the rows at least until then: the revoked tokens outlive an access token
    #: (a partner client's Open311 key), so `keep_seconds` alone would forget them too soon.
    keep_until: datetime | None = None


async def record_revocation(
    session: AsyncSession, revocation: Revocation, *, keep_seconds: int, now: datetime
) -> None:
    """Write a revocation into this service's `revoked_sessions` (in the caller's
    transaction), and delete the rows whose tokens have all expired."""
    expires_at = revocation.revoked_at + timedelta(seconds=keep_seconds)
    if revocation.keep_until is not None:
        expires_at = max(expires_at, revocation.keep_until)
    await session.execute(delete(_REVOKED).where(_REVOKED.c.expires_at <= now))
    if expires_at <= now:
        return  # a late delivery: every token it could refuse has expired
    # This process need not wait out its refresh interval: it re-reads once the row is in.
    event.listen(session.sync_session, "after_commit", _invalidate_every_list, once=True)
    common = {"reason": revocation.reason[:40], "revoked_at": revocation.revoked_at}
    for session_id in dict.fromkeys(str(s) for s in revocation.session_ids):
        await _upsert(session, "session", session_id, None, expires_at, common)
    if revocation.account_id is not None and revocation.issued_before is not None:
        await _upsert(
            session,
            "account",
            str(revocation.account_id),
            revocation.issued_before,
            expires_at,
            common,
        )


async def _upsert(
    session: AsyncSession,
    kind: Kind,
    revoked_id: str,
    issued_before: datetime | None,
    expires_at: datetime,
    common: dict[str, Any],
) -> None:
    # Insert-or-ignore, then widen the row: the later revocation wins, never the earlier,
    # whatever order repeated or concurrent announcements arrive in.
    values = {
        "kind": kind,
        "revoked_id": revoked_id,
        "issued_before": issued_before,
        "expires_at": expires_at,
        **common,
    }
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        await session.execute(postgresql.insert(_REVOKED).values(values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        await session.execute(sqlite.insert(_REVOKED).values(values).on_conflict_do_nothing())
    else:  # pragma: no cover (only SQLite and PostgreSQL are supported)
        if not await _exists(session, kind, revoked_id):
            await session.execute(insert(_REVOKED).values(values))
    row = (_REVOKED.c.kind == kind) & (_REVOKED.c.revoked_id == revoked_id)
    await session.execute(
        update(_REVOKED)
        .where(row, _REVOKED.c.expires_at < expires_at)
        .values(expires_at=expires_at)
    )
    if issued_before is not None:
        await session.execute(
            update(_REVOKED)
            .where(
                row,
                or_(_REVOKED.c.issued_before.is_(None), _REVOKED.c.issued_before < issued_before),
            )
            .values(issued_before=issued_before, **common)
        )


async def _exists(session: AsyncSession, kind: str, revoked_id: str) -> bool:
    found = await session.scalar(
        select(_REVOKED.c.kind).where(_REVOKED.c.kind == kind, _REVOKED.c.revoked_id == revoked_id)
    )
    return found is not None


#: Every list of this process (one per app; tests build several).
_LISTS: "weakref.WeakSet[RevocationList]" = weakref.WeakSet()


def _invalidate_every_list(_session: object) -> None:
    for revocations in list(_LISTS):
        revocations.invalidate()


class RevocationList:
    """This process's copy of its service's `revoked_sessions`, re-read when older than
    `refresh_seconds`. One re-read at a time; requests arriving meanwhile wait for it, so
    none is checked against a copy older than the bound."""

    def __init__(
        self,
        database: Callable[[], Database],
        *,
        refresh_seconds: float = 0.5,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._database = database
        self.refresh_seconds = refresh_seconds
        self._monotonic = monotonic
        self._loaded_at = float("-inf")
        self._lock = asyncio.Lock()
        self._sessions: frozenset[str] = frozenset()
        self._accounts: dict[str, float] = {}
        self._generation = 0
        _LISTS.add(self)

    def invalidate(self) -> None:
        """Re-read at the next check (after this process itself recorded a revocation)."""
        self._generation += 1
        self._loaded_at = float("-inf")

    async def ensure_not_revoked(self, principal: Principal) -> None:
        if self._monotonic() - self._loaded_at >= self.refresh_seconds:
            await self._reload()
        if principal.session_id is not None and principal.session_id in self._sessions:
            raise SessionRevoked()
        cutoff = self._accounts.get(principal.subject)
        if cutoff is not None and _issued_at(principal) < cutoff:
            raise SessionRevoked()

    async def _reload(self) -> None:
        started = self._monotonic()
        async with self._lock:
            if self._loaded_at >= started:
                return  # another request re-read it while this one waited
            generation = self._generation
            try:
                async with self._database().read_sessionmaker() as session:
                    rows = (
                        await session.execute(
                            select(
                                _REVOKED.c.kind, _REVOKED.c.revoked_id, _REVOKED.c.issued_before
                            ).where(_REVOKED.c.expires_at > utcnow())
                        )
                    ).all()
            except SQLAlchemyError as exc:
                # Keep the last copy and try again on the next request.
                log.warning("could not read revoked sessions", extra={"error": str(exc)})
                return
            self._sessions = frozenset(r.revoked_id for r in rows if r.kind == "session")
            self._accounts = {
                r.revoked_id: r.issued_before.timestamp()
                for r in rows
                if r.kind == "account" and r.issued_before is not None
            }
            if generation == self._generation:
                self._loaded_at = started
            # else a revocation committed during the read, which may have missed it: the
            # copy is used, and re-read at the next check.


def _issued_at(principal: Principal) -> float:
    iat = principal.claims.get("iat")
    return float(iat) if isinstance(iat, int | float) else float("-inf")


def revocation_handler(app: FastAPI, payload: type[BaseModel]) -> Handler[Any]:
    """The inbox handler that writes the issuer's revocation event into this service's
    table. `payload` is the event's contract model; it carries `session_ids`,
    `account_id`, `issued_before`, `reason` and `revoked_at` (and may carry `keep_until`)."""

    async def apply(session: AsyncSession, data: Any, _event: CloudEvent) -> None:
        await record_revocation(
            session,
            Revocation(
                reason=data.reason,
                revoked_at=data.revoked_at,
                session_ids=data.session_ids,
                account_id=data.account_id,
                issued_before=data.issued_before,
                keep_until=getattr(data, "keep_until", None),
            ),
            keep_seconds=app.state.settings.revocation_keep_seconds,
            now=utcnow(),
        )

    return Handler(payload, apply)
