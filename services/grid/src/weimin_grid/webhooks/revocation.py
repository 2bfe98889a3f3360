"""A revoked partner client receives nothing more: its subscriptions are disabled and the
deliveries still waiting for them are cancelled, never sent.

Revocation is final (org-registry never re-enables a client; staff create another), so
nothing here is undone. Both updates touch only what is still live, so applying the same
revocation again changes nothing.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.webhooks.models import WebhookDelivery, WebhookSubscription

#: `last_error` of a delivery cancelled by the revocation: the log says why it never went.
CLIENT_REVOKED = "client revoked"


@dataclass(frozen=True, slots=True)
class Stopped:
    subscriptions: int
    deliveries: int


async def stop_deliveries_to(
    session: AsyncSession, client_id: str, revoked_at: datetime
) -> Stopped:
    """Disable every live subscription of `client_id` (as of its revocation) and cancel the
    pending deliveries of all its subscriptions, those it had disabled itself included."""
    disabled = await session.execute(
        update(WebhookSubscription)
        .where(
            WebhookSubscription.client_id == client_id,
            WebhookSubscription.disabled_at.is_(None),
        )
        .values(disabled_at=revoked_at)
    )
    of_client = select(WebhookSubscription.id).where(WebhookSubscription.client_id == client_id)
    cancelled = await session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.subscription_id.in_(of_client.scalar_subquery()),
            WebhookDelivery.state == "pending",
        )
        .values(state="cancelled", last_error=CLIENT_REVOKED)
        .execution_options(synchronize_session=False)
    )
    return Stopped(disabled.rowcount or 0, cancelled.rowcount or 0)  # type: ignore[attr-defined]
