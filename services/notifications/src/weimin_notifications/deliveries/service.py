"""The delivery log: a person sees how their own notices went out; the platform's
administrators see every delivery, to find a channel that fails."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal, ensure_role
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_notifications.deliveries import repository
from weimin_notifications.deliveries.models import Delivery
from weimin_notifications.deliveries.schemas import DeliveryRead
from weimin_notifications.notices.service import own_notice


async def of_my_notice(
    session: AsyncSession, principal: Principal, notice_id: uuid.UUID
) -> list[DeliveryRead]:
    await own_notice(session, principal, notice_id)
    rows = await session.scalars(repository.of_notice(notice_id).order_by(Delivery.id))
    return [DeliveryRead.model_validate(row) for row in rows]


async def delivery_log(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    state: str | None,
    channel: str | None,
    kind: str | None,
) -> Page[DeliveryRead]:
    ensure_role(principal, "admin")
    return await paginate(
        session,
        repository.log(state, channel, kind),
        Delivery.id,
        page,
        DeliveryRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
