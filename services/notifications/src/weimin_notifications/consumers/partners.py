"""A partner's webhook delivery dead-lettered: the platform's administrators are told, so
someone looks at the partner's endpoint and redelivers. This service does not know who
the administrators are: the `staff_recipients` setting names them (empty: nobody)."""

from collections.abc import Sequence

from weimin_events.payloads import WebhookDeadLettered
from weimin_kit.events.envelope import CloudEvent
from weimin_notifications.consumers.telling import accounts, event_key, short_ref
from weimin_notifications.pipeline.decision import Decision


def delivery_dead(
    dead: WebhookDeadLettered, event: CloudEvent, staff: Sequence[str]
) -> list[Decision]:
    return [
        Decision(
            event_id=event_key(event),
            kind="partner.delivery_dead",
            recipients=accounts(*staff),
            variables={
                "client_id": dead.client_id,
                "ref": short_ref(dead.delivery_id),
                "attempts": str(dead.attempts),
            },
            # No page in the app lists dead letters yet: the ids say which to redeliver.
            data={
                "subscription_id": str(dead.subscription_id),
                "delivery_id": str(dead.delivery_id),
            },
        )
    ]
