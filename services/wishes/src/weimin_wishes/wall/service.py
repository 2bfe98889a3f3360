"""The public wall (feed and single cards) and the kiosk devices that show it."""

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta, timezone

import segno
from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_wishes.scope import REVIEWER_ROLES, covers, scope_condition
from weimin_wishes.wall import repository
from weimin_wishes.wall.cards import claim_url, public_card
from weimin_wishes.wall.models import KioskDevice
from weimin_wishes.wall.schemas import (
    KioskCreate,
    KioskPairingCode,
    KioskRead,
    KioskRename,
    WallFeed,
)
from weimin_wishes.wishes.lifecycle import PUBLIC_STATES
from weimin_wishes.wishes.models import Wish

KEY_PREFIX = "wk_"
#: Pairing codes: 8 characters without look-alikes (no 0/O, 1/I/L), shown as ABCD-EFGH,
#: typed on a TV remote's on-screen keyboard. 31**8 ≈ 8.5e11 codes, alive for minutes.
PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PAIRING_LENGTH = 8
#: "This year" on the wall is the calendar year in China.
CHINA_TIME = timezone(timedelta(hours=8), "CST")


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


def wall_year(now: datetime) -> tuple[int, datetime]:
    """The wall's year and its first instant (China time), for the year's counters."""
    year = now.astimezone(CHINA_TIME).year
    return year, datetime(year, 1, 1, tzinfo=CHINA_TIME).astimezone(UTC)


async def render_wall(
    session: AsyncSession, community_id: uuid.UUID | None, seq: int, base_url: str, now: datetime
) -> WallFeed:
    wishes = await repository.wall_wishes(session, community_id)
    cards = [public_card(wish, base_url) for wish in wishes]
    year, since = wall_year(now)
    claimed, fulfilled = await repository.year_counts(session, community_id, since)
    return WallFeed(
        community_id=community_id,
        last_event_id=seq,
        open_count=sum(1 for card in cards if card.state == "open"),
        claimed_count=sum(1 for card in cards if card.state == "claimed"),
        year=year,
        claimed_this_year=claimed,
        fulfilled_this_year=fulfilled,
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


def new_pairing_code() -> str:
    return "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(PAIRING_LENGTH))


def normalise_code(code: str) -> str:
    """What staff read out, as typed: case, spaces and dashes do not matter."""
    return "".join(c for c in code.upper() if c.isalnum())


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _issue_code(device: KioskDevice, now: datetime, minutes: float) -> str:
    code = new_pairing_code()
    device.pairing_code_hash = hash_key(code)
    device.pairing_expires_at = now + timedelta(minutes=minutes)
    device.pairing_used_at = None
    return display_code(code)


def _with_code(device: KioskDevice, code: str) -> KioskPairingCode:
    return KioskPairingCode(**KioskRead.model_validate(device).model_dump(), pairing_code=code)


async def register_kiosk(
    session: AsyncSession, principal: Principal, now: datetime, body: KioskCreate, minutes: float
) -> KioskPairingCode:
    ensure_role(principal, *REVIEWER_ROLES)
    if not covers(principal, street=body.street_id, community=body.community_id):
        raise InvalidInput.field(
            "body.community_id",
            "outside your scope",
            code="community-out-of-scope",
            reason_zh="不在您的管辖范围内",
        )
    device = KioskDevice(
        street_id=body.street_id,
        community_id=body.community_id,
        name=body.name,
        registered_by=principal.subject,
        created_at=now,
        updated_at=now,
    )
    code = _issue_code(device, now, minutes)
    session.add(device)
    await session.flush()
    return _with_code(device, code)


class KioskRevoked(Conflict):
    code = "kiosk-revoked"
    title = "This kiosk device was revoked; register a new one"
    title_zh = "此一体机已撤销，请重新登记"


async def _device_in_scope(
    session: AsyncSession, principal: Principal, device_id: uuid.UUID
) -> KioskDevice:
    device = await session.get(KioskDevice, device_id)
    # Another community's device is as absent as one that never existed.
    if device is None or not covers(
        principal, street=device.street_id, community=device.community_id
    ):
        raise NotFound("No such kiosk device", detail_zh="没有此一体机")
    return device


async def new_pairing_code_for(
    session: AsyncSession, principal: Principal, now: datetime, device_id: uuid.UUID, minutes: float
) -> KioskPairingCode:
    """A fresh code (the screen was reset, or the last code ran out). The device's current
    key keeps working until the new code is used."""
    ensure_role(principal, *REVIEWER_ROLES)
    device = await _device_in_scope(session, principal, device_id)
    if device.revoked_at is not None:
        raise KioskRevoked()
    code = _issue_code(device, now, minutes)
    device.updated_at = now
    await session.flush()
    return _with_code(device, code)


async def rename_kiosk(
    session: AsyncSession,
    principal: Principal,
    now: datetime,
    device_id: uuid.UUID,
    body: KioskRename,
) -> KioskDevice:
    ensure_role(principal, *REVIEWER_ROLES)
    device = await _device_in_scope(session, principal, device_id)
    device.name = body.name
    device.updated_at = now
    await session.flush()
    return device


_CODE_REASONS = {
    "pairing-code-unknown": (
        "no kiosk is waiting for this code: check it, or ask staff for a new one",
        "没有一体机在等待此配对码：请核对，或请工作人员重新获取",
    ),
    "pairing-code-expired": (
        "this code has expired: ask staff for a new one",
        "此配对码已过期：请工作人员重新获取",
    ),
    "pairing-code-used": (
        "this code has already been used: ask staff for a new one",
        "此配对码已使用过：请工作人员重新获取",
    ),
}


def _code_refused(code: str) -> InvalidInput:
    reason, reason_zh = _CODE_REASONS[code]
    return InvalidInput.field("body.code", reason, code=code, reason_zh=reason_zh)


async def pair_kiosk(session: AsyncSession, code: str, now: datetime) -> tuple[KioskDevice, str]:
    """Exchange a pairing code (once, before it expires) for a new device key."""
    typed = normalise_code(code)
    if len(typed) != PAIRING_LENGTH or any(c not in PAIRING_ALPHABET for c in typed):
        raise _code_refused("pairing-code-unknown")
    device = await repository.kiosk_by_code_hash(session, hash_key(typed))
    if device is None or device.revoked_at is not None:
        raise _code_refused("pairing-code-unknown")
    if device.pairing_used_at is not None:
        raise _code_refused("pairing-code-used")
    if device.pairing_expires_at is None or device.pairing_expires_at <= now:
        raise _code_refused("pairing-code-expired")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    # One conditional UPDATE: of two screens typing the same code, exactly one pairs.
    paired = await repository.use_pairing_code(
        session, device.id, key_hash=hash_key(key), key_hint=key[-4:], now=now
    )
    if not paired:
        raise _code_refused("pairing-code-used")
    await session.refresh(device)
    return device, key


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
    device = await _device_in_scope(session, principal, device_id)
    if device.revoked_at is None:
        device.revoked_at = now
        device.revoked_by = principal.subject
        device.pairing_expires_at = None  # a code not yet used dies with the device
        device.updated_at = now
        await session.flush()
    return device


class KioskKeyInvalid(Unauthenticated):
    code = "kiosk-key-invalid"
    title = "Unknown or revoked kiosk key; pair the kiosk again"
    title_zh = "一体机密钥无效或已撤销，请重新配对"


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
