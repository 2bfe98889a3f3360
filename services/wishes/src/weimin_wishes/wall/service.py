"""The public wall (feed and single cards) and the kiosk devices that show it."""

import hashlib
import secrets
import uuid
from datetime import datetime

import segno
from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import InvalidInput, NotFound, Unauthenticated
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_wishes.scope import REVIEWER_ROLES, covers, scope_condition
from weimin_wishes.wall import repository
from weimin_wishes.wall.cards import claim_url, public_card
from weimin_wishes.wall.models import KioskDevice
from weimin_wishes.wall.schemas import KioskCreate, KioskRead, KioskRegistered, WallFeed
from weimin_wishes.wishes.lifecycle import PUBLIC_STATES
from weimin_wishes.wishes.models import Wish

KEY_PREFIX = "wk_"


def wall_etag(community_id: uuid.UUID | None, seq: int) -> str:
    return f'W/"wall-{community_id or "city"}-{seq}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {tag.strip() for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags or etag.removeprefix("W/") in tags


async def wall_version(session: AsyncSession, community_id: uuid.UUID | None) -> tuple[int, str]:
    seq = await repository.last_event_seq(session, community_id)
    return seq, wall_etag(community_id, seq)


async def render_wall(
    session: AsyncSession, community_id: uuid.UUID | None, seq: int, base_url: str
) -> WallFeed:
    wishes = await repository.wall_wishes(session, community_id)
    cards = [public_card(wish, base_url) for wish in wishes]
    return WallFeed(
        community_id=community_id,
        last_event_id=seq,
        open_count=sum(1 for card in cards if card.state == "open"),
        claimed_count=sum(1 for card in cards if card.state == "claimed"),
        items=cards,
    )


async def public_wish(session: AsyncSession, wish_id: uuid.UUID) -> Wish:
    wish = await session.get(Wish, wish_id)
    if wish is None or wish.state not in PUBLIC_STATES:
        raise NotFound("No such wish on the wall")
    return wish


def qr_svg(wish: Wish, base_url: str) -> bytes:
    """An SVG QR code of the wish's claim page, for a phone to scan off the kiosk."""
    code = segno.make(claim_url(base_url, wish), error="m", micro=False)
    return code.svg_inline(scale=4, border=2).encode()


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def register_kiosk(
    session: AsyncSession, principal: Principal, now: datetime, body: KioskCreate
) -> KioskRegistered:
    ensure_role(principal, *REVIEWER_ROLES)
    if not covers(principal, street=body.street_id, community=body.community_id):
        raise InvalidInput.field(
            "body.community_id", "outside your scope", code="community-out-of-scope"
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    device = KioskDevice(
        street_id=body.street_id,
        community_id=body.community_id,
        name=body.name,
        key_hash=hash_key(key),
        key_hint=key[-4:],
        registered_by=principal.subject,
        created_at=now,
        updated_at=now,
    )
    session.add(device)
    await session.flush()
    return KioskRegistered(**KioskRead.model_validate(device).model_dump(), key=key)


def _kiosks_in_scope(principal: Principal, community_id: uuid.UUID | None) -> Select[KioskDevice]:
    statement = select(KioskDevice)
    condition = scope_condition(
        principal, street=KioskDevice.street_id, community=KioskDevice.community_id
    )
    if condition is not None:
        statement = statement.where(condition)
    if community_id is not None:
        statement = statement.where(KioskDevice.community_id == community_id)
    return statement


async def list_kiosks(
    session: AsyncSession, principal: Principal, page: PageParams, community_id: uuid.UUID | None
) -> Page[KioskRead]:
    return await paginate(
        session,
        _kiosks_in_scope(principal, community_id),
        KioskDevice.id,
        page,
        KioskRead.model_validate,
        parse_key=uuid.UUID,
    )


async def revoke_kiosk(
    session: AsyncSession, principal: Principal, now: datetime, device_id: uuid.UUID
) -> KioskDevice:
    ensure_role(principal, *REVIEWER_ROLES)
    device = await session.get(KioskDevice, device_id)
    if device is None or not covers(
        principal, street=device.street_id, community=device.community_id
    ):
        raise NotFound("No such kiosk device")
    if device.revoked_at is None:
        device.revoked_at = now
        device.revoked_by = principal.subject
        await session.flush()
    return device


class KioskKeyInvalid(Unauthenticated):
    code = "kiosk-key-invalid"
    title = "Unknown or revoked kiosk key"
    title_zh = "一体机密钥无效或已撤销"


async def authenticate_kiosk(session: AsyncSession, key: str) -> KioskDevice:
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        raise KioskKeyInvalid()
    device = await repository.kiosk_by_key_hash(session, hash_key(key))
    if device is None or device.revoked_at is not None:
        raise KioskKeyInvalid()
    return device


async def mark_seen(session: AsyncSession, device_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(KioskDevice).where(KioskDevice.id == device_id).values(last_seen_at=now)
    )
