"""Forwarding to the services: a raw ASGI app on the hot path.

No Starlette Request, no body parsing: headers are filtered in one pass over the ASGI
scope, the token is checked with the kit's verifier (which caches verified tokens), the
client's bucket is charged, and the request is sent over a pooled keep-alive aiohttp
session. Small responses with a length are read and sent in one message; everything else
(Server-Sent Events above all) is relayed chunk by chunk as it arrives.
"""

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from starlette.requests import Request
from starlette.types import Receive, Scope, Send
from yarl import URL

from weimin_gateway.ratelimit import RateLimiter
from weimin_gateway.routing import VERSIONED_PREFIX, RouteTable, Target
from weimin_kit.auth import INTEGRATION_AUDIENCE, Principal, TokenVerifier, is_partner
from weimin_kit.errors import NotFound, Problem, RateLimited, Unauthenticated, problem_response
from weimin_kit.requestid import current_request_id

log = logging.getLogger("weimin.gateway.proxy")

HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"trailers",
        b"transfer-encoding",
        b"upgrade",
    }
)
# Headers the gateway sets itself; a client's own values are not passed on.
SET_BY_GATEWAY = frozenset(
    {b"host", b"x-request-id", b"x-forwarded-proto", b"x-forwarded-host", b"x-forwarded-for"}
)
# The request-id middleware puts the gateway's id on the response.
DROPPED_RESPONSE = HOP_BY_HOP | {b"x-request-id"}
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
# A response with a known length up to this size is read whole and sent in one message.
BUFFER_LIMIT = 256 * 1024


class UpstreamUnavailable(Problem):
    status_code = 502
    code = "upstream-unavailable"
    title = "Service unavailable"
    title_zh = "服务暂时不可用"


class UpstreamTimeout(Problem):
    status_code = 504
    code = "upstream-timeout"
    title = "Service timed out"
    title_zh = "服务响应超时"


DOT_SEGMENTS = Problem("path: '.' and '..' segments are not allowed")


class _BodyState:
    __slots__ = ("done",)

    def __init__(self, done: bool) -> None:
        self.done = done


class Proxy:
    def __init__(
        self,
        table: RouteTable,
        upstreams: dict[str, str],
        limiter: RateLimiter,
        *,
        connect_timeout: float,
        read_timeout: float,
    ) -> None:
        self.table = table
        self.upstreams = {name: url.encode() for name, url in upstreams.items()}
        self.limiter = limiter
        self.timeout = aiohttp.ClientTimeout(
            total=None, connect=connect_timeout, sock_read=read_timeout
        )
        self.stream_timeout = aiohttp.ClientTimeout(total=None, connect=connect_timeout)
        # Set by the application's lifespan: ordinary requests and streams have separate
        # connection pools (a stream holds its connection for as long as a screen is on).
        self.session: aiohttp.ClientSession | None = None
        self.stream_session: aiohttp.ClientSession | None = None
        self.verifier: TokenVerifier | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        if "/." in path and _has_dot_segment(path):
            await _problem(scope, receive, send, DOT_SEGMENTS)
            return
        target = self.table.match(path, scope["method"])
        if target is None:
            await _problem(scope, receive, send, NotFound(f"No resource at {path}"))
            return
        scope["route"] = target  # the metrics middleware labels by its template path

        authorization = host = connection = None
        has_body = False
        headers: list[tuple[str, str]] = []
        for name, value in scope["headers"]:
            if name in HOP_BY_HOP:
                if name == b"transfer-encoding":
                    has_body = True
                elif name == b"connection":
                    connection = value
                continue
            if name in SET_BY_GATEWAY:
                if name == b"host":
                    host = value
                continue
            if name == b"authorization":
                authorization = value
            elif name == b"content-length" and value != b"0":
                has_body = True
            headers.append((name.decode("latin-1"), value.decode("latin-1")))
        if connection is not None:
            headers = _without_connection_tokens(headers, connection)

        client = scope.get("client")
        client_ip = client[0] if client else "unknown"
        if self.table.is_public(path, scope["method"]):
            bucket = client_ip
        else:
            token = _bearer(authorization)
            if token is None:
                problem = Unauthenticated("Sign in first: no bearer token")
                await _problem(scope, receive, send, problem)
                return
            assert self.verifier is not None
            try:
                principal = await self._verify(token)
            except Problem as exc:
                await _problem(scope, receive, send, exc)
                return
            # One bucket per account, and per partner client (`partner:<client_id>`).
            bucket = principal.subject
        wait = self.limiter.acquire(bucket)
        if wait:
            await _problem(scope, receive, send, RateLimited(wait))
            return

        headers.append(("X-Request-ID", current_request_id() or ""))
        # The client as weimin_kit.forwarded resolved it from the trusted proxies, alone:
        # what a client wrote itself is not passed on, so a service trusting the gateway
        # reads one address it can believe.
        headers.append(("X-Forwarded-For", client_ip))
        headers.append(("X-Forwarded-Proto", scope.get("scheme", "http")))
        if host is not None:
            headers.append(("X-Forwarded-Host", host.decode("latin-1")))

        raw_path: bytes = scope.get("raw_path") or path.encode()
        if path.startswith(VERSIONED_PREFIX):
            raw_path = raw_path[4:]  # /api/v1/... -> /v1/...
        query: bytes = scope.get("query_string", b"")
        url_bytes = self.upstreams[target.service] + raw_path
        if query:
            url_bytes += b"?" + query
        url = URL(url_bytes.decode("latin-1"), encoded=True)
        await self._forward(scope, receive, send, target, url, headers, has_body)

    async def _verify(self, token: str) -> Principal:
        """A person's token (the platform's audience) or a partner client's (the integration
        audience); each service then accepts only the kind its route is for."""
        assert self.verifier is not None
        try:
            return await self.verifier.verify(token)
        except Problem as person_refusal:
            try:
                principal = await self.verifier.verify(token, audience=INTEGRATION_AUDIENCE)
            except Problem:
                raise person_refusal from None
            if not is_partner(principal):
                raise person_refusal from None
            return principal

    async def _forward(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        target: Target,
        url: URL,
        headers: list[tuple[str, str]],
        has_body: bool,
    ) -> None:
        session = self.stream_session if target.streaming else self.session
        assert session is not None
        method: str = scope["method"]
        body_state = _BodyState(done=not has_body)
        retries = 1 if not has_body and method in IDEMPOTENT else 0
        while True:
            try:
                response = await session.request(
                    method,
                    url,
                    headers=headers,
                    data=_request_body(receive, body_state) if has_body else None,
                    allow_redirects=False,
                    timeout=self.stream_timeout if target.streaming else self.timeout,
                )
                break
            except aiohttp.ServerDisconnectedError:
                # A kept-alive connection the upstream closed just then: safe to try again.
                if retries:
                    retries -= 1
                    continue
                await _problem(scope, receive, send, _unavailable(target))
                return
            except (aiohttp.ServerTimeoutError, TimeoutError):
                await _problem(scope, receive, send, _timed_out(target))
                return
            except aiohttp.ClientError:
                await _problem(scope, receive, send, _unavailable(target))
                return
        try:
            await self._relay(scope, receive, send, target, response, body_state)
        finally:
            response.release()

    async def _relay(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        target: Target,
        response: aiohttp.ClientResponse,
        body_state: _BodyState,
    ) -> None:
        headers = [
            (name.lower(), value)
            for name, value in response.raw_headers
            if name.lower() not in DROPPED_RESPONSE
        ]
        length = response.content_length
        if length is not None and length <= BUFFER_LIMIT:
            try:
                body = await response.read()
            except (aiohttp.ServerTimeoutError, TimeoutError):
                await _problem(scope, receive, send, _timed_out(target))
                return
            except aiohttp.ClientError:
                await _problem(scope, receive, send, _unavailable(target))
                return
            await send(
                {"type": "http.response.start", "status": response.status, "headers": headers}
            )
            await send({"type": "http.response.body", "body": body})
            return
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        if not body_state.done:
            await _pump(response, send)
            return
        # A stream ends when the upstream ends it or the client goes away, whichever first.
        pump = asyncio.ensure_future(_pump(response, send))
        watcher = asyncio.ensure_future(_wait_for_disconnect(receive))
        try:
            await asyncio.wait({pump, watcher}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (pump, watcher):
                task.cancel()
            await asyncio.gather(pump, watcher, return_exceptions=True)


async def _pump(response: aiohttp.ClientResponse, send: Send) -> None:
    try:
        async for chunk in response.content.iter_any():
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
    except (aiohttp.ClientError, TimeoutError) as exc:
        # Headers are out: all we can do is end the body and say why in the log.
        log.warning("upstream stream broke off", extra={"error_class": type(exc).__name__})
    await send({"type": "http.response.body", "body": b""})


async def _wait_for_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _request_body(receive: Receive, state: _BodyState) -> AsyncIterator[bytes]:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ConnectionResetError("the client went away while sending its body")
        body = message.get("body", b"")
        if body:
            yield body
        if not message.get("more_body", False):
            state.done = True
            return


def _has_dot_segment(path: str) -> bool:
    # "/api/v1/wall/../../metrics" would match a public prefix here and mean another path
    # to anything between us and the service that normalises it (decoded: %2e%2e too).
    return any(segment in (".", "..") for segment in path.split("/"))


def _bearer(value: bytes | None) -> str | None:
    if not value:
        return None
    scheme, _, token = value.decode("latin-1").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def _without_connection_tokens(
    headers: list[tuple[str, str]], connection: bytes
) -> list[tuple[str, str]]:
    named = {t.strip().lower() for t in connection.decode("latin-1").split(",")}
    return [(n, v) for n, v in headers if n not in named]


def _unavailable(target: Target) -> Problem:
    return UpstreamUnavailable(f"The {target.service} service cannot be reached; try again soon")


def _timed_out(target: Target) -> Problem:
    return UpstreamTimeout(f"The {target.service} service did not answer in time")


async def _problem(scope: Scope, receive: Receive, send: Send, problem: Problem) -> None:
    response = problem_response(
        Request(scope),
        problem.status_code,
        problem.code,
        problem.title,
        problem.detail,
        errors=problem.errors,
        headers=problem.headers,
        extra=problem.extra,
    )
    await response(scope, receive, send)


def session_for(
    *, max_connections: int, keepalive_seconds: float, **kwargs: Any
) -> aiohttp.ClientSession:
    """The pooled session forwarding uses: keep-alive, no cookies, bodies untouched."""
    connector = aiohttp.TCPConnector(
        limit=max_connections,
        limit_per_host=0,
        keepalive_timeout=keepalive_seconds,
        ttl_dns_cache=300,
    )
    return aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),  # never carry one client's cookies to another
        auto_decompress=False,  # pass compressed bodies through as they are
        skip_auto_headers=("User-Agent", "Accept-Encoding", "Accept"),
        **kwargs,
    )
