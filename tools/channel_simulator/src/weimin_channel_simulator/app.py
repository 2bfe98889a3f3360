"""The simulator's one Starlette app: the providers' endpoints at their real paths, and
`/_control/…`, `/_arrivals`, `/_stats` and `/` for the people and tests driving it."""

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from weimin_channel_simulator import dingtalk, page, wechat, wecom
from weimin_channel_simulator.answers import json_body
from weimin_channel_simulator.config import Config
from weimin_channel_simulator.state import Failure, State


def create_app(config: Config | None = None, state: State | None = None) -> Starlette:
    state = state or State(config or Config())

    async def arrivals(request: Request) -> Response:
        channel = request.query_params.get("channel")
        listed = [a for a in state.arrivals if channel is None or a.channel == channel]
        return JSONResponse([arrival.as_json() for arrival in listed])

    async def home(request: Request) -> Response:
        return HTMLResponse(page.render(list(state.arrivals)))

    async def stats(request: Request) -> Response:
        return JSONResponse(
            {"tokens_issued": dict(state.tokens_issued), "arrivals": len(state.arrivals)}
        )

    async def fail(request: Request) -> Response:
        body: dict[str, Any] | None = await json_body(request)
        if body is None or not isinstance(body.get("path"), str):
            return JSONResponse({"error": "path required"}, status_code=400)
        if body.get("errcode") is None and body.get("status") is None:
            return JSONResponse({"error": "errcode or status required"}, status_code=400)
        failure = Failure(
            path=body["path"],
            times=int(body.get("times", 1)),
            errcode=body.get("errcode"),
            errmsg=str(body.get("errmsg", "system busy")),
            status=body.get("status"),
        )
        state.failures.append(failure)
        return JSONResponse({"queued": failure.times}, status_code=201)

    async def clear_failures(request: Request) -> Response:
        state.failures.clear()
        return Response(status_code=204)

    async def expire_tokens(request: Request) -> Response:
        state.expire_tokens()
        return Response(status_code=204)

    async def reset(request: Request) -> Response:
        state.reset()
        return Response(status_code=204)

    routes = [
        *wecom.routes(state),
        *dingtalk.routes(state),
        *wechat.routes(state),
        Route("/", home, methods=["GET"]),
        Route("/_arrivals", arrivals, methods=["GET"]),
        Route("/_stats", stats, methods=["GET"]),
        Route("/_control/fail", fail, methods=["POST"]),
        Route("/_control/fail", clear_failures, methods=["DELETE"]),
        Route("/_control/expire-tokens", expire_tokens, methods=["POST"]),
        Route("/_control/reset", reset, methods=["POST"]),
    ]
    app = Starlette(routes=routes)
    app.state.simulator = state
    return app
