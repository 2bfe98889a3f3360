"""Idempotency-Key for POST and PATCH (IETF draft-ietf-httpapi-idempotency-key-header).

Same key and same request → the first response is replayed (`Idempotent-Replayed: true`);
same key and a different request → 422 `idempotency-key-reused`; same key while the first
is still running → 409 `idempotency-request-in-progress`. Keys are per caller (token
subject: a person's, or a partner client's `partner:<id>`), so two phones cannot collide.
Only 2xx responses are kept: any other outcome rolled the request's transaction back, so
a retry must run again rather than replay an error such as an expired token. Nor are
answers marked `Cache-Control: no-store` (unmasked personal data, a second factor's secret,
tokens): a stored copy would sit in plain text. The caller is authenticated as the route
will be, revoked sign-ins refused.

The claim is committed before the handler runs so concurrent duplicates see it. If the
process dies between the handler's commit and storing the response, the claim stays "in
progress" until `idempotency_lock_seconds` pass and a retry then runs again: the one window
in which a retried create may be applied twice.
"""

import hashlib
import json
import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from weimin_kit.auth import (
    INTEGRATION_AUDIENCE,
    OPEN311_AUDIENCE,
    TokenVerifier,
    authenticate,
    bearer_token,
)
from weimin_kit.db import Database
from weimin_kit.errors import Problem, response_for
from weimin_kit.types import utcnow

HEADER = "idempotency-key"
_VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
_REPLAYED_HEADERS = ("content-type", "location", "etag")
_METHODS = frozenset({"POST", "PATCH"})


class IdempotencyKeyReused(Problem):
    status_code = 422
    code = "idempotency-key-reused"
    title = "Idempotency key reused with a different request"
    title_zh = "幂等键已用于另一个不同的请求"


class IdempotencyInProgress(Problem):
    status_code = 409
    code = "idempotency-request-in-progress"
    title = "A request with this idempotency key is still in progress"
    title_zh = "使用此幂等键的请求仍在处理中"


class IdempotencyKeyInvalid(Problem):
    status_code = 400
    code = "idempotency-key-invalid"
    title = "Idempotency-Key must be 1–255 visible ASCII characters"
    title_zh = "Idempotency-Key 必须是 1–255 个可见 ASCII 字符"


def _form_api_key(request: Request, body: bytes) -> str | None:
    """The `api_key` of a form-encoded body (an Open311 POST), if it has exactly one."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/x-www-form-urlencoded":
        return None
    try:
        keys = parse_qs(body.decode("utf-8"), keep_blank_values=True).get("api_key", [])
    except (UnicodeDecodeError, ValueError):
        return None
    return keys[0] if len(keys) == 1 and keys[0] else None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, table: Table, ttl_seconds: int, lock_seconds: int) -> None:
        self.app = app
        self.table = table
        self.ttl = timedelta(seconds=ttl_seconds)
        self.lock = timedelta(seconds=lock_seconds)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, HEADER.encode()) if scope["type"] == "http" else None
        if key is None or scope["method"] not in _METHODS:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            if not _VALID_KEY.match(key):
                raise IdempotencyKeyInvalid()
            body = await request.body()
            principal = await self._principal(request, body)
            if principal is None:  # unauthenticated: let the endpoint answer 401
                await self.app(scope, _replay_body(body), send)
                return
            fingerprint = _fingerprint(scope, body)
            stored = await self._claim(request, principal, key, fingerprint)
        except Problem as problem:
            await _send_problem(request, problem, scope, receive, send)
            return
        if stored is not None:
            await _send_stored(stored, send)
            return
        await self._run_and_store(scope, body, send, request, principal, key)

    async def _principal(self, request: Request, body: bytes) -> str | None:
        verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
        token = bearer_token(request)
        audiences: tuple[str | None, ...] = (None, INTEGRATION_AUDIENCE)
        if token is None:
            # An Open311 (GeoReport v2) client sends its key in the form, not a header.
            token, audiences = _form_api_key(request, body), (OPEN311_AUDIENCE,)
        if verifier is None or token is None:
            return None
        # As the route will: a revoked sign-in must not replay what it stored. A partner
        # client's token (the exchange's audience) keys its own calls (`partner:<id>`).
        for audience in audiences:
            try:
                return (await authenticate(request, token, audience=audience)).subject
            except Problem:
                continue
        return None

    async def _claim(
        self, request: Request, principal: str, key: str, fingerprint: str
    ) -> dict[str, Any] | None:
        database: Database = request.app.state.database
        table = self.table
        now = utcnow()
        where = (table.c.principal == principal) & (table.c.key == key)
        try:
            async with database.sessionmaker() as session, session.begin():
                row = (await session.execute(select(table).where(where))).mappings().first()
                if row is not None and row["expires_at"] < now:
                    await session.execute(delete(table).where(where))
                    row = None
                if row is None:
                    await session.execute(
                        insert(table).values(
                            principal=principal,
                            key=key,
                            fingerprint=fingerprint,
                            state="in_progress",
                            locked_until=now + self.lock,
                            created_at=now,
                            expires_at=now + self.ttl,
                        )
                    )
                    return None
                if row["fingerprint"] != fingerprint:
                    raise IdempotencyKeyReused(
                        "This Idempotency-Key was used for a different request; use a new key"
                    )
                if row["state"] == "completed":
                    return dict(row)
                if row["locked_until"] > now:
                    raise IdempotencyInProgress(
                        "Retry once the first request has finished",
                        detail_zh="请在第一个请求完成后重试",
                    )
                # A claim abandoned by a process that died: take it over.
                await session.execute(
                    update(table).where(where).values(locked_until=now + self.lock)
                )
                return None
        except IntegrityError:
            raise IdempotencyInProgress(
                "Retry once the first request has finished", detail_zh="请在第一个请求完成后重试"
            ) from None

    async def _run_and_store(
        self,
        scope: Scope,
        body: bytes,
        send: Send,
        request: Request,
        principal: str,
        key: str,
    ) -> None:
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        database: Database = request.app.state.database
        table = self.table
        where = (table.c.principal == principal) & (table.c.key == key)
        try:
            await self.app(scope, _replay_body(body), capture)
        except BaseException:
            async with database.sessionmaker() as session, session.begin():
                await session.execute(delete(table).where(where))
            raise
        assert start is not None
        status = int(start["status"])
        response_body = b"".join(chunks)
        async with database.sessionmaker() as session, session.begin():
            if 200 <= status < 300 and not _no_store(start):
                headers = {
                    k.decode("latin-1"): v.decode("latin-1")
                    for k, v in start.get("headers", [])
                    if k.decode("latin-1").lower() in _REPLAYED_HEADERS
                }
                await session.execute(
                    update(table)
                    .where(where)
                    .values(
                        state="completed",
                        response_status=status,
                        response_headers=json.dumps(headers),
                        response_body=response_body,
                    )
                )
            else:
                await session.execute(delete(table).where(where))
        await send(start)
        await send({"type": "http.response.body", "body": response_body})


def _no_store(start: Message) -> bool:
    """A response marked `Cache-Control: no-store` (unmasked personal data, a second
    factor's secret, tokens) is never kept for replay: the stored copy would sit in plain
    text beside data that is encrypted or hashed everywhere else. A retry runs again."""
    return any(
        name.lower() == b"cache-control" and b"no-store" in value.lower()
        for name, value in start.get("headers", [])
    )


def _fingerprint(scope: Scope, body: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(scope["method"].encode())
    digest.update(b"\0" + scope["path"].encode() + b"\0" + scope.get("query_string", b""))
    digest.update(b"\0" + body)
    return digest.hexdigest()


def _replay_body(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _send_stored(row: dict[str, Any], send: Send) -> None:
    headers = [(k.encode(), v.encode()) for k, v in json.loads(row["response_headers"]).items()]
    headers.append((b"idempotent-replayed", b"true"))
    body = row["response_body"] or b""
    headers.append((b"content-length", str(len(body)).encode()))
    await send(
        {"type": "http.response.start", "status": row["response_status"], "headers": headers}
    )
    await send({"type": "http.response.body", "body": body})


async def _send_problem(
    request: Request, problem: Problem, scope: Scope, receive: Receive, send: Send
) -> None:
    response = response_for(request, problem)
    await response(scope, receive, send)
