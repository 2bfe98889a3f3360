"""The gateway application: the forwarding hot path in front, a small FastAPI app behind it
for health, readiness, metrics, the merged OpenAPI document, its docs page and the SPA.

It has no database, so it does not use the kit's service factory; it reuses the kit's
errors, request ids, logging, metrics and token verifier.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import httpx
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from starlette.types import ASGIApp, Receive, Scope, Send

from weimin_gateway.config import GatewaySettings
from weimin_gateway.docs import install_docs
from weimin_gateway.headers import SecurityHeadersMiddleware
from weimin_gateway.openapi import OpenApiCache
from weimin_gateway.proxy import Proxy, session_for
from weimin_gateway.ratelimit import RateLimiter
from weimin_gateway.routing import (
    PASSTHROUGH,
    UPLOAD_PREFIXES,
    VERSIONED_PREFIX,
    RouteTable,
    is_prefix_route,
)
from weimin_gateway.spa import spa_router
from weimin_kit.auth import JwksUrlSource, KeySource, TokenVerifier
from weimin_kit.errors import install_error_handlers
from weimin_kit.forwarded import ForwardedMiddleware
from weimin_kit.health import HttpMetrics, MetricsMiddleware
from weimin_kit.heap import freeze_startup_objects
from weimin_kit.limits import BodyLimitMiddleware
from weimin_kit.logging import configure_logging
from weimin_kit.ops import require_ops_access
from weimin_kit.requestid import RequestIdMiddleware

READINESS_TIMEOUT = aiohttp.ClientTimeout(total=2.0)


class ProxyDispatch:
    """Sends API paths straight to the proxy, past FastAPI's routing."""

    def __init__(self, app: ASGIApp, proxy: Proxy) -> None:
        self.app = app
        self.proxy = proxy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            if path.startswith(VERSIONED_PREFIX) or path in PASSTHROUGH or is_prefix_route(path):
                await self.proxy(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(
    settings: GatewaySettings | None = None, *, key_source: KeySource | None = None
) -> FastAPI:
    settings = settings or GatewaySettings()
    upstreams = settings.upstream_urls()
    proxy = Proxy(
        RouteTable(),
        upstreams,
        RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst),
        connect_timeout=settings.upstream_connect_timeout,
        read_timeout=settings.upstream_read_timeout,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.service_name, settings.log_level)
        session = session_for(
            max_connections=settings.upstream_max_connections,
            keepalive_seconds=settings.upstream_keepalive_seconds,
        )
        stream_session = session_for(
            max_connections=settings.upstream_max_streams,
            keepalive_seconds=settings.upstream_keepalive_seconds,
        )
        keys_client = httpx.AsyncClient(timeout=5.0)
        source = key_source or JwksUrlSource(settings.signing_keys_url, keys_client)
        verifier = TokenVerifier(source, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
        proxy.session = session
        proxy.stream_session = stream_session
        proxy.verifier = verifier
        app.state.http = session
        app.state.token_verifier = verifier
        freeze_startup_objects(app)
        try:
            yield
        finally:
            await session.close()
            await stream_session.close()
            await keys_client.aclose()

    app = FastAPI(
        title="Weimin gateway",
        version="0.1.0",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.metrics_registry = CollectorRegistry()
    app.state.proxy = proxy
    install_error_handlers(app)
    app.include_router(
        _gateway_router(upstreams, OpenApiCache(upstreams, settings.openapi_cache_seconds))
    )
    install_docs(app)
    app.include_router(spa_router(settings.spa_dir))  # last: it catches every other GET
    # Added innermost first: the request id wraps everything, the proxy sits inside CORS.
    app.add_middleware(ProxyDispatch, proxy=proxy)
    app.add_middleware(
        BodyLimitMiddleware,
        max_body_bytes=settings.max_body_bytes,
        route_limits={prefix: settings.max_upload_bytes for prefix in UPLOAD_PREFIXES},
        # JSON nesting is checked by each service: buffering here would end streaming.
        max_json_depth=None,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=["X-Request-ID", "Retry-After", "Location", "ETag"],
        max_age=600,
    )
    app.add_middleware(
        SecurityHeadersMiddleware,
        image_hosts=settings.image_hosts(),
        frame_ancestors=settings.frame_ancestors,
        hsts=settings.hsts,
        hsts_max_age_seconds=settings.hsts_max_age_seconds,
    )
    app.add_middleware(MetricsMiddleware, metrics=HttpMetrics(app.state.metrics_registry))
    app.add_middleware(RequestIdMiddleware)
    # Outermost: rate limits, X-Forwarded-For to the services and HSTS use the real client.
    app.add_middleware(ForwardedMiddleware, trusted_proxies=settings.trusted_proxies)
    return app


def _gateway_router(upstreams: dict[str, str], openapi: OpenApiCache) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        session: aiohttp.ClientSession = request.app.state.http
        names = sorted(upstreams)
        results = await asyncio.gather(*(_probe(session, upstreams[n]) for n in names))
        checks = dict(zip(names, results, strict=True))
        not_ready = [n for n in names if checks[n]["status"] != "ready"]
        body: dict[str, Any] = {"status": "not-ready" if not_ready else "ready", "checks": checks}
        if not_ready:
            body["not_ready"] = not_ready
        return JSONResponse(body, status_code=503 if not_ready else 200)

    @router.get("/metrics", dependencies=[Depends(require_ops_access)])
    async def metrics(request: Request) -> Response:
        registry: CollectorRegistry = request.app.state.metrics_registry
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    @router.get("/api/app-config")
    async def app_config(request: Request) -> JSONResponse:
        # Public and tiny: the SPA reads it before the map; no-cache so a change of tiles
        # reaches phones at their next visit.
        settings: GatewaySettings = request.app.state.settings
        return JSONResponse(
            {"map": settings.map_tiles.public()}, headers={"Cache-Control": "no-cache"}
        )

    @router.get("/api/openapi.json")
    async def openapi_document(request: Request) -> JSONResponse:
        return JSONResponse(await openapi.document(request.app.state.http))

    return router


async def _probe(session: aiohttp.ClientSession, base_url: str) -> dict[str, Any]:
    try:
        async with session.get(base_url + "/readyz", timeout=READINESS_TIMEOUT) as response:
            if response.status == 200:
                return {"status": "ready"}
            try:
                detail = await response.json(content_type=None)
            except ValueError:
                detail = None
            return {"status": "not-ready", "http_status": response.status, "detail": detail}
    except (aiohttp.ClientError, TimeoutError) as exc:
        return {"status": "unreachable", "detail": type(exc).__name__}
