"""A tiny real upstream for the gateway's tests, run with uvicorn in its own process.

It echoes what it received, streams Server-Sent Events slowly, answers slowly on request,
and counts every request by path so a test can prove the gateway never forwarded one.
"""

import asyncio
import os
from collections import Counter
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel

app = FastAPI(title="Gateway test upstream")
hits: Counter[str] = Counter()
# Which service this process stands in for, echoed back so a test sees where a call went.
SERVICE = os.environ.get("UPSTREAM_SERVICE", "upstream")


class WishRead(BaseModel):
    id: str
    title: str


@app.middleware("http")
async def count_hits(request: Request, call_next):  # type: ignore[no-untyped-def]
    if not request.url.path.startswith("/test/"):
        hits[request.url.path] += 1
    return await call_next(request)


@app.get("/test/hits")
async def hit_counts() -> dict[str, int]:
    return dict(hits)


@app.get("/readyz")
async def readyz() -> dict[str, str]:
    return {"status": "ready"}


@app.get("/v1/wishes/slow")
async def slow() -> dict[str, str]:
    await asyncio.sleep(3)
    return {"status": "late"}


@app.get("/v1/wishes/big")
async def big() -> Response:
    return Response(b"x" * (1024 * 1024), media_type="application/octet-stream")


@app.get("/v1/wishes/{wish_id}", tags=["wishes"], operation_id="wishes-get_wish")
async def get_wish(wish_id: str, request: Request) -> WishRead:
    return WishRead(id=wish_id, title=request.headers.get("x-request-id", ""))


async def _slow_events() -> AsyncIterator[bytes]:
    yield b"data: first\n\n"
    await asyncio.sleep(1.5)
    yield b"data: second\n\n"


@app.get("/v1/wall/stream")
async def stream() -> StreamingResponse:
    return StreamingResponse(_slow_events(), media_type="text/event-stream")


@app.get("/v1/joint-defence/groups/{group_id}/alarms/stream")
async def alarm_stream(group_id: str) -> StreamingResponse:
    return StreamingResponse(_slow_events(), media_type="text/event-stream")


@app.get("/v1/joint-defence/groups/{group_id}/slow")
async def slow_joint_defence(group_id: str) -> dict[str, str]:
    await asyncio.sleep(3)
    return {"status": "late"}


@app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
async def echo(path: str, request: Request) -> JSONResponse:
    body = await request.body()
    return JSONResponse(
        {
            "method": request.method,
            "path": request.scope["raw_path"].decode(),
            "query": request.url.query,
            "body_length": len(body),
            "body": body.decode() if len(body) < 1000 else None,
            "headers": dict(request.headers),
            "service": SERVICE,
        },
        status_code=201 if request.method == "POST" else 200,
        headers={"X-Upstream": "echo", "Set-Cookie": "upstream=1; Path=/"},
    )
