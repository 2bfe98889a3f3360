import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from weimin_grid.notifications import service
from weimin_grid.notifications.schemas import IncidentNotificationRead
from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep

router = APIRouter(prefix="/v1/incident-notifications", tags=["incident-notifications"])


@router.get("")
async def list_my_notifications(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    unread: Annotated[bool, Query()] = False,
) -> Page[IncidentNotificationRead]:
    """The caller's notices (and its desks'), newest first; `unread=true` for unread only."""
    return await service.list_inbox(session, principal, page, unread)


@router.post("/{notification_id}/read")
async def mark_notification_read(
    notification_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> IncidentNotificationRead:
    notice = await service.mark_read(session, principal, notification_id, now)
    return IncidentNotificationRead.model_validate(notice)
