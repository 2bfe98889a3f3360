"""The providers' common answer shape: HTTP 200 with `errcode` and `errmsg` (0 and "ok" on
success), whatever went wrong; only the gateway in front of them answers other statuses."""

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from weimin_channel_simulator.state import State


def answer(errcode: int = 0, errmsg: str = "ok", **extra: Any) -> JSONResponse:
    return JSONResponse({"errcode": errcode, "errmsg": errmsg, **extra})


def injected(state: State, request: Request) -> Response | None:
    """The failure the simulator was told to answer on this path, if any is left."""
    failure = state.injected(request.url.path)
    if failure is None:
        return None
    if failure.status is not None:
        return Response("service unavailable", status_code=failure.status)
    return answer(failure.errcode or -1, failure.errmsg)


async def json_body(request: Request) -> dict[str, Any] | None:
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def section(body: dict[str, Any], key: str) -> dict[str, Any]:
    value = body.get(key)
    return value if isinstance(value, dict) else {}
