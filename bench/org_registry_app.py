"""The org registry's own app (`weimin_org_registry.app.create_app`, settings from the
environment as `serve` reads them) inside one outer ASGI layer that reports the time the
request spent in the service as `Server-Timing: app;dur=<ms>`, so the benchmark can tell
the service's latency from the client's and the network's."""

import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from weimin_org_registry.app import create_app as create_org_registry

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]


def create_app() -> ASGIApp:
    app = create_org_registry()

    async def timed(scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                took = f"app;dur={(time.perf_counter() - started) * 1000:.3f}".encode()
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"server-timing", took)],
                }
            await send(message)

        await app(scope, receive, send_timed)

    return timed
