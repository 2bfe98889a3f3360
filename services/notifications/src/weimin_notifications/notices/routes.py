import time
import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.errors import NotFound, Problem
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems
from weimin_notifications.deliveries import service as deliveries
from weimin_notifications.deliveries.schemas import DeliveryRead
from weimin_notifications.notices import service
from weimin_notifications.notices.schemas import NotificationRead, ReadAll, UnreadCount
from weimin_notifications.notices.stream import InboxBroadcaster, inbox_stream

STREAM = {"type": "string"}
router = APIRouter(prefix="/v1/notifications", tags=["notifications"])


@router.get("")
async def list_my_notifications(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    unread: Annotated[bool, Query()] = False,
) -> Page[NotificationRead]:
    """The caller's notices, newest first; `unread=true` for unread only."""
    return await service.list_inbox(session, principal, page, unread)


@router.get("/unread-count")
async def my_unread_count(session: SessionDep, principal: CurrentPrincipal) -> UnreadCount:
    return await service.unread(session, principal)


# The media type in the spec tells the gateway (and its tests) this route is a stream.
@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses=problems(
        also={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}}
    ),
)
async def stream_my_notifications(
    request: Request, principal: CurrentPrincipal
) -> StreamingResponse:
    """Server-Sent Events: each of the caller's notices (`event: notification`, the same
    fields as the inbox's items) the moment it is written. The stream ends when the token
    expires or is revoked; the app reconnects with a fresh one and reads what it missed
    from the inbox."""
    revocations = request.app.state.revocations

    async def still_allowed() -> bool:
        if principal.expires_at and principal.expires_at <= time.time():
            return False
        try:
            await revocations.ensure_not_revoked(principal)
        except Problem:
            return False
        return True

    broadcaster: InboxBroadcaster = request.app.state.inbox_broadcaster
    heartbeat = request.app.state.settings.stream_heartbeat_seconds
    return StreamingResponse(
        inbox_stream(broadcaster, principal.subject, heartbeat, still_allowed),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.post("/read-all")
async def mark_all_read(session: SessionDep, principal: CurrentPrincipal, now: Now) -> ReadAll:
    """Every unread notice of the caller's, read now (on every device)."""
    return await service.mark_all_read(session, principal, now)


@router.post("/{notification_id}/read", responses=problems(NotFound))
async def mark_read(
    notification_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> NotificationRead:
    """Read on one device, read on all; reading it again keeps the first time."""
    return await service.mark_read(session, principal, notification_id, now)


@router.get("/{notification_id}/deliveries", responses=problems(NotFound))
async def my_notice_deliveries(
    notification_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> list[DeliveryRead]:
    """How one of the caller's notices went out, channel by channel."""
    return await deliveries.of_my_notice(session, principal, notification_id)
