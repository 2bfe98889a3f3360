"""Request body limits, before anything parses a body.

`BodyLimitMiddleware` refuses a declared Content-Length over the route's limit at once and
counts the bytes of a streamed (chunked or lying) body as they arrive, so no body larger
than the limit is ever held in memory. The limit is `max_body_bytes` (1 MiB by default)
except on the routes that take files, which declare their own (path prefix → bytes) and
read their bodies as streams. Either way the answer is 413 problem+json.

JSON bodies on default-limit routes are also refused (422) when nested deeper than
`max_json_depth`: validation and the code behind it recurse over what they are given.
"""

import asyncio
import re
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from weimin_kit.errors import InvalidInput, Problem, response_for

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Before the 413 goes out, the rest of an over-long body is read and dropped, up to these:
# a server that answers and closes with unread bytes makes the kernel reset the connection,
# and most clients then report the reset instead of the 413. Past them, it is closed anyway.
DRAIN_BYTES = 64 * 1024 * 1024
DRAIN_SECONDS = 10.0
# A JSON string (escapes included) or a bracket; brackets inside strings are not nesting.
_JSON_TOKENS = re.compile(rb'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


class PayloadTooLarge(Problem):
    status_code = 413
    code = "payload-too-large"
    title = "Request body too large"
    title_zh = "提交的内容太大"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"body: at most {_size(limit)} may be sent here",
            detail_zh=f"body：此处最多可提交 {_size(limit)}",
            errors=[
                {
                    "field": "body",
                    "reason": f"larger than {_size(limit)}",
                    "reason_zh": f"超过 {_size(limit)}",
                    "code": "too-large",
                }
            ],
            headers={"Connection": "close"},
            extra={"max_bytes": limit},
        )


def _size(limit: int) -> str:
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if limit >= factor and limit % factor == 0:
            return f"{limit // factor} {unit}"
    return f"{limit} bytes"


def json_depth_exceeds(body: bytes, max_depth: int) -> bool:
    """Whether the JSON text nests arrays/objects deeper than `max_depth`."""
    if body.count(b"[") + body.count(b"{") <= max_depth:
        return False  # too few brackets to nest that deep: no scan needed
    depth = 0
    for match in _JSON_TOKENS.finditer(body):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > max_depth:
                return True
        elif token in (b"]", b"}"):
            depth -= 1
    return False


class _BodyHeaders:
    """What the request's headers say about its body, read in one pass."""

    __slots__ = ("has_body", "json", "length")

    def __init__(self, scope: Scope) -> None:
        self.has_body = False
        self.length: int | None = None
        # FastAPI parses a body without a Content-Type as JSON; with several Content-Type
        # headers Starlette reads the first and this loop would see the last, so any JSON
        # one makes the body JSON (a trailing text/plain cannot hide deep nesting).
        self.json = True
        typed = False
        for name, value in scope["headers"]:
            if name == b"content-length":
                self.length = int(value) if value.isdigit() else None
                self.has_body = self.has_body or value != b"0"
            elif name == b"transfer-encoding":
                self.has_body = True
            elif name == b"content-type":
                media = value.split(b";", 1)[0].strip().lower()
                is_json = media == b"application/json" or media.endswith(b"+json")
                self.json = is_json or (typed and self.json)
                typed = True


async def _drain(receive: Receive, already: int) -> None:
    """Read and drop what is left of the body (never kept: memory stays flat)."""
    received = already
    try:
        async with asyncio.timeout(DRAIN_SECONDS):
            while received <= DRAIN_BYTES:
                message = await receive()
                if message["type"] != "http.request" or not message.get("more_body", False):
                    return
                received += len(message.get("body", b""))
    except TimeoutError:
        return


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int, received: int) -> None:
    await _drain(receive, received)
    await send_problem(scope, receive, send, PayloadTooLarge(limit))


async def send_problem(scope: Scope, receive: Receive, send: Send, problem: Problem) -> None:
    response = response_for(Request(scope), problem)
    await response(scope, receive, send)


class BodyLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        route_limits: Mapping[str, int] | None = None,
        max_json_depth: int | None = None,
    ) -> None:
        self.app = app
        self.default = max_body_bytes
        # Longest prefix first, so "/v1/imports/" wins over a shorter one.
        self.routes = sorted((route_limits or {}).items(), key=lambda item: -len(item[0]))
        self.max_json_depth = max_json_depth

    def limit_for(self, path: str) -> tuple[int, bool]:
        """The path's limit and whether it is the default one."""
        for prefix, limit in self.routes:
            if path.startswith(prefix):
                return limit, False
        return self.default, True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = _BodyHeaders(scope)
        if not body.has_body:
            await self.app(scope, receive, send)
            return
        limit, default_route = self.limit_for(scope["path"])
        if body.length is not None and body.length > limit:
            if body.length <= DRAIN_BYTES:
                await _refuse(scope, receive, send, limit, 0)
            else:  # not worth reading: answer and close
                await send_problem(scope, receive, send, PayloadTooLarge(limit))
            return
        if (
            default_route
            and body.json
            and self.max_json_depth is not None
            and scope["method"] in _BODY_METHODS
        ):
            await self._buffered_json(scope, receive, send, limit, self.max_json_depth)
            return
        await self._counted(scope, receive, send, limit)

    async def _buffered_json(
        self, scope: Scope, receive: Receive, send: Send, limit: int, max_depth: int
    ) -> None:
        # FastAPI reads a JSON body whole anyway; reading it here first costs nothing more.
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                if message.get("more_body", False):
                    await _refuse(scope, receive, send, limit, size)
                else:
                    await send_problem(scope, receive, send, PayloadTooLarge(limit))
                return
            parts.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(parts)
        if json_depth_exceeds(body, max_depth):
            problem = InvalidInput.field(
                "body",
                f"nested deeper than {max_depth} levels",
                "too-deep",
                reason_zh=f"嵌套超过 {max_depth} 层",
            )
            await send_problem(scope, receive, send, problem)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        state: dict[str, Any] = {"size": 0, "exceeded": False, "started": False, "ended": False}

        async def counting_receive() -> Message:
            if state["exceeded"]:
                raise PayloadTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                state["size"] += len(message.get("body", b""))
                state["ended"] = not message.get("more_body", False)
                if state["size"] > limit:
                    state["exceeded"] = True
                    raise PayloadTooLarge(limit)
            return message

        async def guarded_send(message: Message) -> None:
            # Once the body ran over, whatever the app makes of the broken read (a 400 from
            # FastAPI's body parser, a 502 from the gateway's proxy) gives way to our 413.
            if state["exceeded"] and not state["started"]:
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not state["exceeded"]:
                raise
        if state["exceeded"] and not state["started"]:
            if state["ended"]:
                await send_problem(scope, receive, send, PayloadTooLarge(limit))
            else:
                await _refuse(scope, receive, send, limit, state["size"])
