"""A partner's subscriptions (its own only), and staff's view of deliveries in their area."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.incidents.models import Incident
from weimin_grid.integration.partners import client_id
from weimin_grid.scope import scope_condition
from weimin_grid.webhooks import signing
from weimin_grid.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from weimin_grid.webhooks.schemas import (
    DeliveryRead,
    SecretRotated,
    SubscriptionCreate,
    SubscriptionCreated,
)
from weimin_kit.auth import Principal
from weimin_kit.errors import Conflict, InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_kit.pii.crypto import FieldCipher

#: Endpoints one client may have at once.
MAX_SUBSCRIPTIONS = 5


class TooManySubscriptions(Conflict):
    code = "too-many-subscriptions"
    title = "This client already has the most webhook endpoints allowed"
    title_zh = "该客户端的回调地址已达上限"


class SubscriptionDisabled(Conflict):
    code = "subscription-disabled"
    title = "This delivery's webhook endpoint is disabled; it is not sent again"
    title_zh = "该投递的回调地址已停用，不再发送"


def area_of(partner: Principal) -> str:
    """The client's area scope (`street:<id>` or `community:<id>`)."""
    for scope in partner.scopes:
        if scope.startswith(("street:", "community:")):
            return scope
    raise InvalidInput.field("token", "the client has no area", "no-area", reason_zh="客户端无辖区")


async def subscribe(
    session: AsyncSession,
    cipher: FieldCipher,
    partner: Principal,
    body: SubscriptionCreate,
) -> SubscriptionCreated:
    own = client_id(partner)
    count = await session.scalar(
        select(func.count())
        .select_from(WebhookSubscription)
        .where(WebhookSubscription.client_id == own, WebhookSubscription.disabled_at.is_(None))
    )
    if (count or 0) >= MAX_SUBSCRIPTIONS:
        raise TooManySubscriptions(f"At most {MAX_SUBSCRIPTIONS} endpoints per client")
    secret = signing.new_secret()
    subscription = WebhookSubscription(
        client_id=own,
        url=str(body.url),
        area=area_of(partner),
        secrets=[{"cipher": signing.seal(cipher, secret), "until": None}],
    )
    session.add(subscription)
    await session.flush()
    return SubscriptionCreated(
        id=subscription.id,
        url=subscription.url,
        area=subscription.area,
        created_at=subscription.created_at,
        disabled_at=None,
        secret=secret,
    )


async def own_subscription(
    session: AsyncSession, partner: Principal, subscription_id: uuid.UUID
) -> WebhookSubscription:
    subscription = await session.get(WebhookSubscription, subscription_id)
    if subscription is None or subscription.client_id != client_id(partner):
        raise NotFound("No such webhook subscription")
    return subscription


def rotate(
    cipher: FieldCipher, subscription: WebhookSubscription, now: datetime, overlap_hours: float
) -> SecretRotated:
    """A new secret signs from now on; the previous one signs beside it until the overlap
    ends, so the partner switches without a failed verification. Older ones stop now."""
    until = now + timedelta(hours=overlap_hours)
    previous = subscription.secrets[0]
    secret = signing.new_secret()
    subscription.secrets = [
        {"cipher": signing.seal(cipher, secret), "until": None},
        {"cipher": previous["cipher"], "until": until.isoformat()},
    ]
    return SecretRotated(secret=secret, previous_valid_until=until)


def deliveries_in_scope(principal: Principal) -> Select[WebhookDelivery]:
    """Deliveries of incidents in the caller's area."""
    statement = select(WebhookDelivery).join(Incident, Incident.id == WebhookDelivery.incident_id)
    condition = scope_condition(
        principal,
        street=Incident.street_id,
        community=Incident.community_id,
        grid=Incident.grid_unit_id,
    )
    return statement if condition is None else statement.where(condition)


async def redeliver(
    session: AsyncSession,
    principal: Principal,
    delivery_id: uuid.UUID,
    now: datetime,
    retry_hours: float,
) -> WebhookDelivery:
    """Back in the queue at once, with a new retry window; the same `webhook-id`, so a
    partner that had it already ignores it."""
    delivery = await session.scalar(
        deliveries_in_scope(principal).where(WebhookDelivery.id == delivery_id)
    )
    if delivery is None:
        raise NotFound("No such webhook delivery")
    subscription = await session.get(WebhookSubscription, delivery.subscription_id)
    if subscription is None or subscription.disabled_at is not None:
        # The dispatcher never claims it: back in the queue it would wait forever.
        raise SubscriptionDisabled(
            "The endpoint was unsubscribed or its client revoked",
            detail_zh="回调地址已退订或其客户端已撤销",
        )
    delivery.state = "pending"
    delivery.next_attempt_at = now
    delivery.retry_until = now + timedelta(hours=retry_hours)
    delivery.last_error = None
    return delivery


async def client_subscriptions(
    session: AsyncSession, partner: Principal
) -> list[WebhookSubscription]:
    rows = await session.scalars(
        select(WebhookSubscription)
        .where(WebhookSubscription.client_id == client_id(partner))
        .order_by(WebhookSubscription.created_at)
    )
    return list(rows)


async def subscription_deliveries(
    session: AsyncSession,
    partner: Principal,
    subscription_id: uuid.UUID,
    page: PageParams,
    state: str | None,
) -> Page[DeliveryRead]:
    """One of the client's endpoints' delivery log, newest first."""
    await own_subscription(session, partner, subscription_id)
    statement = select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription_id)
    if state is not None:
        statement = statement.where(WebhookDelivery.state == state)
    return await paginate(
        session, statement, WebhookDelivery.id, page, DeliveryRead.model_validate,
        parse_key=uuid.UUID, newest_first=True,
    )  # fmt: skip


async def area_deliveries(
    session: AsyncSession, principal: Principal, page: PageParams, state: str | None
) -> Page[DeliveryRead]:
    statement = deliveries_in_scope(principal)
    if state is not None:
        statement = statement.where(WebhookDelivery.state == state)
    return await paginate(
        session, statement, WebhookDelivery.id, page, DeliveryRead.model_validate,
        parse_key=uuid.UUID, newest_first=True,
    )  # fmt: skip


async def delivery_attempts(
    session: AsyncSession, principal: Principal, delivery_id: uuid.UUID
) -> list[WebhookAttempt]:
    delivery = await session.scalar(
        deliveries_in_scope(principal).where(WebhookDelivery.id == delivery_id)
    )
    if delivery is None:
        raise NotFound("No such webhook delivery")
    rows = await session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id == delivery_id)
        .order_by(WebhookAttempt.at)
    )
    return list(rows)
