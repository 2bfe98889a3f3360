"""The public wall (no token: the edge lets `GET /v1/wall/...` through) and kiosk devices.

The wall's cards are public (an honorific, never a name): the feeds and single cards need
no credential, so a phone that scans a QR code can open the wish. The live stream needs a
paired kiosk's key or a signed-in person. A kiosk's key travels in the `weimin_kiosk`
HttpOnly cookie (a browser kiosk: set when it pairs) or the `X-Kiosk-Key` header (any other
client), never in a URL.
"""

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Cookie, Header, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

from weimin_kit.auth import authenticate, bearer_token
from weimin_kit.clock import ClockDep, app_clock
from weimin_kit.db import Database, SessionDep, WriteSessionDep
from weimin_kit.errors import Forbidden, InvalidInput, NotFound, SessionRevoked, Unauthenticated
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems
from weimin_wishes.config import Settings
from weimin_wishes.scope import Reviewer, Staff
from weimin_wishes.wall import service
from weimin_wishes.wall.cards import public_card
from weimin_wishes.wall.models import KioskDevice
from weimin_wishes.wall.schemas import (
    KioskCreate,
    KioskPair,
    KioskPairingCode,
    KioskRead,
    KioskRename,
    KioskSelf,
    WallFeed,
    WallWish,
)
from weimin_wishes.wall.service import KioskKeyInvalid, KioskRevoked
from weimin_wishes.wall.stream import WallBroadcaster, wall_stream

wall = APIRouter(prefix="/v1/wall", tags=["wall"])
kiosks = APIRouter(prefix="/v1/kiosk-devices", tags=["kiosk-devices"])

KIOSK_COOKIE = "weimin_kiosk"
#: Browsers keep a cookie 400 days at most; a kiosk that reads its wall renews nothing, so
#: it is paired again after that (or sooner, when staff revoke it).
KIOSK_COOKIE_MAX_AGE = 400 * 24 * 3600

KioskKeyHeader = Annotated[str | None, Header(alias="x-kiosk-key")]
KioskKeyCookie = Annotated[str | None, Cookie(alias=KIOSK_COOKIE)]


class KioskOutsideItsWall(Forbidden):
    code = "kiosk-outside-its-wall"
    title = "A kiosk reads its own community's wall only"
    title_zh = "一体机只能读取本社区的心愿墙"


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _feed(request: Request, session: SessionDep, community_id: uuid.UUID | None) -> Response:
    seq, etag = await service.wall_version(session, community_id)
    # The year's counters start again at new year without any wall event.
    year, _ = service.wall_year(app_clock(request.app)())
    etag = f'{etag[:-1]}-{year}"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    # The cheap path: a kiosk or phone that has this version gets 304 without a render.
    if service.etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    feed = await service.render_wall(
        session, community_id, seq, _settings(request).public_base_url, app_clock(request.app)()
    )
    return JSONResponse(feed.model_dump(mode="json"), headers=headers)


@wall.get("/wishes", response_model=WallFeed)
async def city_wall(request: Request, session: SessionDep) -> Response:
    return await _feed(request, session, None)


@wall.get("/communities/{community_id}/wishes", response_model=WallFeed)
async def community_wall(
    community_id: uuid.UUID, request: Request, session: SessionDep
) -> Response:
    return await _feed(request, session, community_id)


@wall.get("/wishes/{wish_id}", responses=problems(NotFound))
async def wall_wish(wish_id: uuid.UUID, request: Request, session: SessionDep) -> WallWish:
    wish = await service.public_wish(session, wish_id)
    return public_card(wish, _settings(request).public_base_url)


@wall.get("/wishes/{wish_id}/qr.svg", response_class=Response, responses=problems(NotFound))
async def wall_wish_qr(wish_id: uuid.UUID, request: Request, session: SessionDep) -> Response:
    wish = await service.public_wish(session, wish_id)
    svg = service.qr_svg(wish, _settings(request).public_base_url)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


def _self(device: KioskDevice) -> KioskSelf:
    return KioskSelf(
        device_id=device.id,
        community_id=device.community_id,
        name=device.name,
        stream_url=f"/api/v1/wall/stream?community_id={device.community_id}",
        feed_url=f"/api/v1/wall/communities/{device.community_id}/wishes",
    )


@wall.get("/kiosk", responses=problems(KioskKeyInvalid, Unauthenticated))
async def kiosk_self(
    request: Request,
    session: WriteSessionDep,
    x_kiosk_key: KioskKeyHeader = None,
    weimin_kiosk: KioskKeyCookie = None,
) -> KioskSelf:
    """The paired kiosk asking who it is (and its wall): 401 means "show the pairing screen"."""
    key = x_kiosk_key or weimin_kiosk
    if key is None:
        raise Unauthenticated(
            "This screen is not paired: send the kiosk key (cookie or X-Kiosk-Key)",
            detail_zh="此屏幕尚未配对",
        )
    device = await service.authenticate_kiosk(session, key)
    await service.mark_seen(session, device.id, app_clock(request.app)())
    return _self(device)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or _settings(request).environment == "production"


@wall.post("/kiosk/pair", responses=problems(InvalidInput))
async def pair_kiosk(
    body: KioskPair, request: Request, response: Response, session: SessionDep, clock: ClockDep
) -> KioskSelf:
    """A kiosk screen typing the code staff got: the answer sets its key in an HttpOnly
    cookie (`weimin_kiosk`, SameSite=Strict, sent to the wall's routes only). A wrong,
    expired or used code: 422 on `body.code` (`pairing-code-unknown`, `-expired`, `-used`)."""
    device, key = await service.pair_kiosk(session, body.code, clock())
    response.set_cookie(
        KIOSK_COOKIE,
        key,
        max_age=KIOSK_COOKIE_MAX_AGE,
        path=_settings(request).kiosk_cookie_path,
        secure=_secure(request),
        httponly=True,
        samesite="strict",
    )
    response.headers["Cache-Control"] = "no-store"
    return _self(device)


async def _stream_access(
    request: Request, community_id: uuid.UUID | None, header_key: str | None, cookie_key: str | None
) -> tuple[uuid.UUID | None, Callable[[], Awaitable[bool]]]:
    """Who may hold a live stream: a kiosk (its own community) or any signed-in person.
    A key in the header first, then a person's token, then the kiosk cookie."""
    database: Database = request.app.state.database
    token = bearer_token(request)
    key = header_key or (None if token is not None else cookie_key)
    if key is None:
        if token is None:
            raise Unauthenticated(
                "Sign in, or pair this kiosk, to follow the live wall",
                detail_zh="请登录，或为此一体机配对，以接收心愿墙的实时更新",
            )
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
    responses=problems(
        KioskKeyInvalid,
        SessionRevoked,
        Unauthenticated,
        Forbidden,
        KioskOutsideItsWall,
        also={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}},
    ),
)
async def wall_live(
    request: Request,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
    x_kiosk_key: KioskKeyHeader = None,
    weimin_kiosk: KioskKeyCookie = None,
    last_event_id: Annotated[str | None, Header(alias="last-event-id")] = None,
) -> StreamingResponse:
    """Server-Sent Events: wish.published / claimed / released / fulfilled / removed.

    A browser kiosk's EventSource sends its `weimin_kiosk` cookie (same origin); other
    clients send `X-Kiosk-Key`. There is no key parameter: a key never goes in a URL.
    """
    resume: int | None = None
    if last_event_id is not None:
        if not last_event_id.strip().isdigit() or len(last_event_id) > 18:
            raise InvalidInput.field("header.last-event-id", "must be an event number")
        resume = int(last_event_id)
    scope_id, still_allowed = await _stream_access(request, community_id, x_kiosk_key, weimin_kiosk)
    broadcaster: WallBroadcaster = request.app.state.wall_broadcaster
    return StreamingResponse(
        wall_stream(
            broadcaster, scope_id, resume, _settings(request).wall_heartbeat_seconds, still_allowed
        ),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@kiosks.post("", status_code=201, responses=problems(InvalidInput))
async def register_kiosk(
    body: KioskCreate, request: Request, session: SessionDep, principal: Reviewer, clock: ClockDep
) -> KioskPairingCode:
    """The device and its one-time pairing code (`ABCD-EFGH`, good for
    `kiosk_pairing_minutes`), in this answer only: the code is stored hashed."""
    minutes = _settings(request).kiosk_pairing_minutes
    return await service.register_kiosk(session, principal, clock(), body, minutes)


@kiosks.get("")
async def list_kiosks(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[KioskRead]:
    """The devices of the communities in the caller's scope, with when each was last seen."""
    return await service.list_kiosks(session, principal, page, community_id)


@kiosks.post("/{device_id}/pairing-code", responses=problems(NotFound, KioskRevoked))
async def new_pairing_code(
    device_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Reviewer,
    clock: ClockDep,
) -> KioskPairingCode:
    """A new code for the same device (its screen was reset, or the last code ran out)."""
    minutes = _settings(request).kiosk_pairing_minutes
    return await service.new_pairing_code_for(session, principal, clock(), device_id, minutes)


@kiosks.patch("/{device_id}", responses=problems(NotFound))
async def rename_kiosk(
    device_id: uuid.UUID,
    body: KioskRename,
    session: SessionDep,
    principal: Reviewer,
    clock: ClockDep,
) -> KioskRead:
    device = await service.rename_kiosk(session, principal, clock(), device_id, body)
    return KioskRead.model_validate(device)


@kiosks.post("/{device_id}/revoke", responses=problems(NotFound))
async def revoke_kiosk(
    device_id: uuid.UUID, session: SessionDep, principal: Reviewer, clock: ClockDep
) -> KioskRead:
    """The device's key stops working at once; an open stream ends within a heartbeat."""
    device = await service.revoke_kiosk(session, principal, clock(), device_id)
    return KioskRead.model_validate(device)
