"""A delivery that ran out of retries is told as an event, in the transaction that marks it
dead: the notifications service tells the platform's staff, who look at the partner's
endpoint and may redeliver it."""

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import WebhookDeadLettered
from weimin_grid.webhooks.models import WebhookDelivery
from weimin_kit.outbox import record_event

SOURCE = "/weimin/grid"


async def record_dead_letter(
    session: AsyncSession, delivery: WebhookDelivery, client_id: str
) -> None:
    await record_event(
        session,
        source=SOURCE,
        subject=str(delivery.id),
        payload=WebhookDeadLettered(
            subscription_id=delivery.subscription_id,
            client_id=client_id,
            delivery_id=delivery.id,
            attempts=delivery.attempts,
        ),
    )
