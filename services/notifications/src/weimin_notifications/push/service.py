"""A browser's push subscription is a contact point on the `web_push` channel: sealed at
rest like a phone number (its endpoint and keys let anyone who holds them push to that
browser), dropped when the push service says it is gone."""

import json
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import InvalidInput, NotFound
from weimin_notifications.channels.webpush import (
    WebPushSettings,
    endpoint_allowed,
    vapid_public_key,
)
from weimin_notifications.preferences import repository
from weimin_notifications.preferences.sealing import CONTACT_INDEX, Sealer
from weimin_notifications.preferences.service import save_contact
from weimin_notifications.push.schemas import PublicKey, PushSubscriptionCreate

CHANNEL = "web_push"


def public_key(settings: WebPushSettings) -> PublicKey:
    key = vapid_public_key(settings)
    if key is None:
        raise NotFound(
            "Browser push is not set up on this platform",
            detail_zh="本平台未开通浏览器推送",
        )
    return PublicKey(public_key=key)


def _endpoint_index(sealer: Sealer, endpoint: str) -> str:
    # One contact per endpoint: the browser renews its keys under the same endpoint.
    return sealer.index(endpoint, CONTACT_INDEX)


async def subscribe(
    session: AsyncSession,
    principal: Principal,
    sealer: Sealer,
    settings: WebPushSettings,
    body: PushSubscriptionCreate,
    now: datetime,
) -> None:
    endpoint = str(body.endpoint)
    if not endpoint_allowed(settings, endpoint):
        raise InvalidInput.field(
            "endpoint",
            "not a push service this platform sends to",
            reason_zh="不是本平台可推送的推送服务地址",
        )
    address = json.dumps(
        {"endpoint": endpoint, "keys": body.keys.model_dump()}, separators=(",", ":")
    )
    existing = await repository.contact_with(
        session, principal.subject, CHANNEL, _endpoint_index(sealer, endpoint)
    )
    if existing is not None:
        await session.delete(existing)
        await session.flush()
    await save_contact(
        session, sealer, principal.subject, CHANNEL, address, body.label, now,
        index=_endpoint_index(sealer, endpoint),
    )  # fmt: skip


async def unsubscribe(
    session: AsyncSession, principal: Principal, sealer: Sealer, endpoint: str
) -> None:
    existing = await repository.contact_with(
        session, principal.subject, CHANNEL, _endpoint_index(sealer, endpoint)
    )
    if existing is None:
        raise NotFound(
            "This browser is not subscribed",
            detail_zh="此浏览器未订阅推送",
            errors=[{"field": "endpoint", "reason": "not subscribed", "code": "not-found"}],
        )
    await session.delete(existing)
    await session.flush()
