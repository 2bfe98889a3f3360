from typing import Annotated

from fastapi import APIRouter, Query

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.errors import Forbidden
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems
from weimin_notifications.deliveries import service
from weimin_notifications.deliveries.schemas import DeliveryRead, DeliveryState

router = APIRouter(prefix="/v1/notification-deliveries", tags=["notification-deliveries"])


@router.get("", responses=problems(Forbidden))
async def delivery_log(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    state: Annotated[DeliveryState | None, Query()] = None,
    channel: Annotated[str | None, Query(max_length=24)] = None,
    kind: Annotated[str | None, Query(max_length=48)] = None,
) -> Page[DeliveryRead]:
    """Every delivery, newest first (administrators): filter by state, channel, kind."""
    return await service.delivery_log(session, principal, page, state, channel, kind)
