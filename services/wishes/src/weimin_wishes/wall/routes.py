"""The public wall (no token: the edge lets `/v1/wall/...` through) and kiosk devices."""

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

from weimin_kit.auth import authenticate, bearer_token
from weimin_kit.clock import ClockDep, app_clock
from weimin_kit.db import Database, SessionDep
from weimin_kit.errors import Forbidden, InvalidInput, Unauthenticated
from weimin_kit.pagination import Page, PageDep
from weimin_wishes.config import Settings
from weimin_wishes.scope import Reviewer, Staff
from weimin_wishes.wall import service
from weimin_wishes.wall.cards import public_card
from weimin_wishes.wall.schemas import (
    KioskCreate,
    KioskRead,
    KioskRegistered,
    KioskSelf,
    WallFeed,
    WallWish,
)
from weimin_wishes.wall.stream import WallBroadcaster, wall_stream

wall = APIRouter(prefix="/v1/wall", tags=["wall"])
kiosks = APIRouter(prefix="/v1/kiosk-devices", tags=["kiosk-devices"])

KioskKeyHeader = Annotated[str | None, Header(alias="x-kiosk-key")]


class KioskOutsideItsWall(Forbidden):
    code = "kiosk-outside-its-wall"
    title = "A kiosk reads its own community's wall only"


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _feed(request: Request, session: SessionDep, community_id: uuid.UUID | None) -> Response:
    seq, etag = await service.wall_version(session, community_id)
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    # The cheap path: a kiosk or phone that has this version gets 304 without a render.
    if service.etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    feed = await service.render_wall(session, community_id, seq, _settings(request).public_base_url)
    return JSONResponse(feed.model_dump(mode="json"), headers=headers)


@wall.get("/wishes", response_model=WallFeed)
async def city_wall(request: Request, session: SessionDep) -> Response:
    return await _feed(request, session, None)


@wall.get("/communities/{community_id}/wishes", response_model=WallFeed)
async def community_wall(
    community_id: uuid.UUID, request: Request, session: SessionDep
) -> Response:
    return await _feed(request, session, community_id)


@wall.get("/wishes/{wish_id}")
async def wall_wish(wish_id: uuid.UUID, request: Request, session: SessionDep) -> WallWish:
    wish = await service.public_wish(session, wish_id)
    return public_card(wish, _settings(request).public_base_url)


@wall.get("/wishes/{wish_id}/qr.svg", response_class=Response)
async def wall_wish_qr(wish_id: uuid.UUID, request: Request, session: SessionDep) -> Response:
    wish = await service.public_wish(session, wish_id)
    svg = service.qr_svg(wish, _settings(request).public_base_url)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


@wall.get("/kiosk")
async def kiosk_self(session: SessionDep, x_kiosk_key: KioskKeyHeader = None) -> KioskSelf:
    if x_kiosk_key is None:
        raise Unauthenticated("Send the kiosk key in X-Kiosk-Key")
    device = await service.authenticate_kiosk(session, x_kiosk_key)
    return KioskSelf(
        device_id=device.id,
        community_id=device.community_id,
        name=device.name,
        stream_url=f"/v1/wall/stream?community_id={device.community_id}",
        feed_url=f"/v1/wall/communities/{device.community_id}/wishes",
    )


async def _stream_access(
    request: Request, community_id: uuid.UUID | None, key: str | None
) -> tuple[uuid.UUID | None, Callable[[], Awaitable[bool]]]:
    """Who may hold a live stream: a kiosk (its own community) or any signed-in person."""
    database: Database = request.app.state.database
    if key is None:
        token = bearer_token(request)
        if token is None:
            raise Unauthenticated("Sign in, or send a kiosk key, to follow the live wall")
        await authenticate(request, token)

        async def always() -> bool:
            return True

        return community_id, always
    async with database.sessionmaker() as session:
        device = await service.authenticate_kiosk(session, key)
        if community_id is not None and community_id != device.community_id:
            raise KioskOutsideItsWall()
        await service.mark_seen(session, device.id, app_clock(request.app)())
        await session.commit()
    device_id = device.id

    async def still_valid() -> bool:
        async with database.sessionmaker() as session:
            try:
                await service.authenticate_kiosk(session, key)
            except service.KioskKeyInvalid:
                return False
            await service.mark_seen(session, device_id, app_clock(request.app)())
            await session.commit()
            return True

    return device.community_id, still_valid


# The media type in the spec tells the gateway (and its tests) this route is a stream.
@wall.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}},
)
async def wall_live(
    request: Request,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
    kiosk_key: Annotated[str | None, Query(max_length=100)] = None,
    x_kiosk_key: KioskKeyHeader = None,
    last_event_id: Annotated[str | None, Header(alias="last-event-id")] = None,
) -> StreamingResponse:
    """Server-Sent Events: wish.published / claimed / released / fulfilled / removed.

    Browsers' EventSource cannot send headers, so a kiosk may pass its key as `kiosk_key`.
    """
    resume: int | None = None
    if last_event_id is not None:
        if not last_event_id.strip().isdigit() or len(last_event_id) > 18:
            raise InvalidInput.field("header.last-event-id", "must be an event number")
        resume = int(last_event_id)
    scope_id, still_allowed = await _stream_access(request, community_id, x_kiosk_key or kiosk_key)
    broadcaster: WallBroadcaster = request.app.state.wall_broadcaster
    return StreamingResponse(
        wall_stream(
            broadcaster, scope_id, resume, _settings(request).wall_heartbeat_seconds, still_allowed
        ),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@kiosks.post("", status_code=201)
async def register_kiosk(
    body: KioskCreate, session: SessionDep, principal: Reviewer, clock: ClockDep
) -> KioskRegistered:
    """The key is in this answer only; it is stored hashed and cannot be shown again."""
    return await service.register_kiosk(session, principal, clock(), body)


@kiosks.get("")
async def list_kiosks(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[KioskRead]:
    return await service.list_kiosks(session, principal, page, community_id)


@kiosks.post("/{device_id}/revoke")
async def revoke_kiosk(
    device_id: uuid.UUID, session: SessionDep, principal: Reviewer, clock: ClockDep
) -> KioskRead:
    device = await service.revoke_kiosk(session, principal, clock(), device_id)
    return KioskRead.model_validate(device)
