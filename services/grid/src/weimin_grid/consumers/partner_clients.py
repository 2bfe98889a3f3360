"""A partner client revoked in org-registry: the grid stops its webhook deliveries at once,
without anyone deleting its subscriptions (webhooks/revocation.py)."""

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import PartnerClientRevoked
from weimin_grid.webhooks.revocation import stop_deliveries_to
from weimin_kit.events.envelope import CloudEvent

log = logging.getLogger("weimin.grid.webhooks")


def on_partner_client_revoked() -> Callable[
    [AsyncSession, PartnerClientRevoked, CloudEvent], Awaitable[None]
]:
    async def apply(
        session: AsyncSession, revoked: PartnerClientRevoked, event: CloudEvent
    ) -> None:
        stopped = await stop_deliveries_to(session, revoked.client_id, revoked.revoked_at)
        if stopped.subscriptions or stopped.deliveries:
            log.info(
                "partner client %s revoked (event %s): %d subscriptions disabled, "
                "%d deliveries cancelled",
                revoked.client_id,
                event.id,
                stopped.subscriptions,
                stopped.deliveries,
            )

    return apply
