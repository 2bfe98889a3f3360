"""The FastAPI application every service is built on: lifespan-owned engine, HTTP client,
token verifier and revoked-session list; problem+json errors; request ids; metrics;
idempotency; health."""

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from prometheus_client import CollectorRegistry
from sqlalchemy import MetaData

from weimin_kit.auth import JwksUrlSource, KeySource, TokenVerifier
from weimin_kit.db import Database
from weimin_kit.errors import install_error_handlers
from weimin_kit.events.http import EVENTS_PATH, events_router
from weimin_kit.events.runtime import EventWiring, event_runtime
from weimin_kit.forwarded import ForwardedMiddleware
from weimin_kit.health import HttpMetrics, MetricsMiddleware, health_router
from weimin_kit.heap import freeze_startup_objects
from weimin_kit.idempotency import IdempotencyMiddleware
from weimin_kit.limits import BodyLimitMiddleware
from weimin_kit.logging import configure_logging
from weimin_kit.openapi import problem_aware_openapi
from weimin_kit.protection import blind_index_from, field_cipher_from
from weimin_kit.requestid import RequestIdMiddleware
from weimin_kit.revocation import RevocationList
from weimin_kit.settings import ServiceSettings
from weimin_kit.tables import idempotency_table

# Signed deliveries of at most a hundred events each.
EVENTS_BODY_BYTES = 32 * 1024 * 1024
KeySourceFactory = Callable[[FastAPI], KeySource]
StartupHook = Callable[[FastAPI], Awaitable[None]]


def operation_id(route: APIRoute) -> str:
    """Stable `tag-name` operation ids: they name the generated TypeScript client's calls."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    metadata: MetaData,
    routers: Sequence[APIRouter],
    migrations_dir: Path | None,
    description: str = "",
    key_source: KeySourceFactory | None = None,
    on_startup: Sequence[StartupHook] = (),
    events: EventWiring | None = None,
    body_limits: Mapping[str, int] | None = None,
) -> FastAPI:
    """`body_limits`: path prefix → bytes for routes that take files as streams; every
    other body is held to `settings.max_body_bytes` (see `weimin_kit.limits`)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.service_name, settings.log_level)
        app.state.database = Database.from_url(
            settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms
        )
        app.state.http = httpx.AsyncClient(timeout=10.0)
        source = key_source(app) if key_source else JwksUrlSource(settings.jwks_url, app.state.http)
        app.state.token_verifier = TokenVerifier(
            source, issuer=settings.jwt_issuer, audience=settings.jwt_audience
        )
        app.state.revocations = RevocationList(
            lambda: app.state.database, refresh_seconds=settings.revocation_refresh_seconds
        )
        for hook in on_startup:
            await hook(app)
        freeze_startup_objects(app)
        try:
            async with event_runtime(app, events or EventWiring(service=settings.service_name)):
                yield
        finally:
            await app.state.http.aclose()
            await app.state.database.dispose()

    app = FastAPI(
        title=title,
        description=description,
        version="0.1.0",
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        # The interactive pages are for development; production keeps /openapi.json (the
        # gateway merges it) on the internal side only.
        docs_url=None if settings.environment == "production" else "/docs",
        redoc_url=None if settings.environment == "production" else "/redoc",
    )
    app.openapi = problem_aware_openapi(app)  # type: ignore[method-assign]
    app.state.settings = settings
    app.state.metrics_registry = CollectorRegistry()
    app.state.field_cipher = field_cipher_from(settings)
    app.state.blind_index = blind_index_from(settings)
    install_error_handlers(app)
    app.include_router(health_router(migrations_dir))
    for router in routers:
        app.include_router(router)
    app.include_router(
        events_router(
            handlers=lambda request: request.app.state.event_handlers,
            secret=lambda request: settings.secret("events_secret"),
            metrics=lambda request: request.app.state.event_metrics,
        )
    )
    # Added innermost first: request id wraps everything so every log line carries it.
    app.add_middleware(
        IdempotencyMiddleware,
        table=idempotency_table(metadata)
        if "idempotency_keys" not in metadata.tables
        else metadata.tables["idempotency_keys"],
        ttl_seconds=settings.idempotency_ttl_seconds,
        lock_seconds=settings.idempotency_lock_seconds,
    )
    app.add_middleware(
        BodyLimitMiddleware,
        max_body_bytes=settings.max_body_bytes,
        # Relays batch up to `events_batch_size` events into one delivery.
        route_limits={EVENTS_PATH: EVENTS_BODY_BYTES, **(body_limits or {})},
        max_json_depth=settings.max_json_depth,
    )
    app.add_middleware(MetricsMiddleware, metrics=HttpMetrics(app.state.metrics_registry))
    app.add_middleware(RequestIdMiddleware)
    # Outermost: everything inside sees the client as the trusted proxies report it.
    app.add_middleware(ForwardedMiddleware, trusted_proxies=settings.trusted_proxies)
    return app
