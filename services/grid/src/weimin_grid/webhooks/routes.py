import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from weimin_grid.config import Settings
from weimin_grid.integration.partners import EventsReceiver
from weimin_grid.webhooks import subscriptions
from weimin_grid.webhooks.schemas import (
    AttemptRead,
    DeliveryRead,
    DeliveryState,
    SecretRotated,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionRead,
)
from weimin_grid.webhooks.subscriptions import SubscriptionDisabled, TooManySubscriptions
from weimin_kit.auth import Principal, require_roles
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.errors import NotFound
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems

partner_router = APIRouter(prefix="/integration/v1/webhooks", tags=["integration"])
staff_router = APIRouter(prefix="/v1/webhook-deliveries", tags=["webhook-deliveries"])

Office = Annotated[Principal, Depends(require_roles("street_secretary", "community_secretary"))]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@partner_router.post("", status_code=201, responses=problems(TooManySubscriptions))
async def subscribe(
    body: SubscriptionCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    partner: EventsReceiver,
) -> SubscriptionCreated:
    """Incidents of public-security categories in the client's area, and their state
    changes, are POSTed to `url` as Standard Webhooks. The secret is shown this once."""
    response.headers["Cache-Control"] = "no-store"
    return await subscriptions.subscribe(session, request.app.state.field_cipher, partner, body)


@partner_router.get("")
async def list_subscriptions(
    session: SessionDep, partner: EventsReceiver
) -> list[SubscriptionRead]:
    rows = await subscriptions.client_subscriptions(session, partner)
    return [SubscriptionRead.model_validate(row) for row in rows]


@partner_router.post("/{subscription_id}/secret/rotate", responses=problems(NotFound))
async def rotate_secret(
    subscription_id: uuid.UUID,
    request: Request,
    response: Response,
    session: SessionDep,
    partner: EventsReceiver,
    now: Now,
) -> SecretRotated:
    response.headers["Cache-Control"] = "no-store"
    subscription = await subscriptions.own_subscription(session, partner, subscription_id)
    overlap = _settings(request).webhook_secret_overlap_hours
    return subscriptions.rotate(request.app.state.field_cipher, subscription, now, overlap)


@partner_router.delete("/{subscription_id}", status_code=204, responses=problems(NotFound))
async def unsubscribe(
    subscription_id: uuid.UUID, session: SessionDep, partner: EventsReceiver, now: Now
) -> None:
    subscription = await subscriptions.own_subscription(session, partner, subscription_id)
    subscription.disabled_at = subscription.disabled_at or now


@partner_router.get("/{subscription_id}/deliveries", responses=problems(NotFound))
async def own_deliveries(
    subscription_id: uuid.UUID,
    session: SessionDep,
    partner: EventsReceiver,
    page: PageDep,
    state: Annotated[DeliveryState | None, Query()] = None,
) -> Page[DeliveryRead]:
    """The delivery log of one endpoint, newest first."""
    return await subscriptions.subscription_deliveries(
        session, partner, subscription_id, page, state
    )


@staff_router.get("")
async def list_deliveries(
    session: SessionDep,
    principal: Office,
    page: PageDep,
    state: Annotated[DeliveryState | None, Query()] = None,
) -> Page[DeliveryRead]:
    """Deliveries of incidents in the caller's area, newest first; `state=dead` are the
    dead letters, `state=cancelled` those never sent because their client was revoked."""
    return await subscriptions.area_deliveries(session, principal, page, state)


@staff_router.get("/{delivery_id}/attempts", responses=problems(NotFound))
async def delivery_attempts(
    delivery_id: uuid.UUID, session: SessionDep, principal: Office
) -> list[AttemptRead]:
    rows = await subscriptions.delivery_attempts(session, principal, delivery_id)
    return [AttemptRead.model_validate(row) for row in rows]


@staff_router.post("/{delivery_id}/redeliver", responses=problems(NotFound, SubscriptionDisabled))
async def redeliver(
    delivery_id: uuid.UUID, request: Request, session: SessionDep, principal: Office, now: Now
) -> DeliveryRead:
    """Back in the queue with a new retry window. A delivery of a disabled endpoint (the
    partner unsubscribed, or its client was revoked) is refused: it would never be sent."""
    delivery = await subscriptions.redeliver(
        session, principal, delivery_id, now, _settings(request).webhook_retry_hours
    )
    return DeliveryRead.model_validate(delivery)
