"""A person's preferences and the addresses they are reached at. Addresses are sealed at
rest and shown masked; only the dispatcher opens them, to send."""

import re
import uuid
from collections.abc import Collection
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import Forbidden, InvalidInput, NotFound
from weimin_kit.pii import InvalidPhone, mask_phone, validate_mobile
from weimin_notifications.preferences import repository
from weimin_notifications.preferences.defaults import DEFAULTS, PERSONAL_CHANNELS
from weimin_notifications.preferences.models import ContactPoint, Preference
from weimin_notifications.preferences.schemas import (
    ContactCreate,
    ContactRead,
    PreferencesRead,
    PreferencesUpdate,
)
from weimin_notifications.preferences.sealing import CONTACT_ADDRESS, CONTACT_INDEX, Sealer

#: WeCom and DingTalk user ids, WeChat openids: letters, digits and a few marks.
_ACCOUNT_ID = re.compile(r"[A-Za-z0-9_.@-]{1,64}")


def _read(row: Preference | None, available: Collection[str]) -> PreferencesRead:
    language = DEFAULTS.language if row is None else row.language
    saved = row.channels if row is not None else {}
    channels = {c: saved.get(c, DEFAULTS.mode(c)) for c in PERSONAL_CHANNELS}
    return PreferencesRead.model_validate(
        {
            "language": language,
            "channels": channels,
            "quiet_start": DEFAULTS.quiet_start if row is None else row.quiet_start,
            "quiet_end": DEFAULTS.quiet_end if row is None else row.quiet_end,
            "available_channels": sorted(c for c in available if c in PERSONAL_CHANNELS),
            "saved": row is not None,
        }
    )


async def my_preferences(
    session: AsyncSession, principal: Principal, available: Collection[str]
) -> PreferencesRead:
    return _read(await repository.preference_of(session, principal.subject), available)


async def update_preferences(
    session: AsyncSession,
    principal: Principal,
    change: PreferencesUpdate,
    available: Collection[str],
    now: datetime,
) -> PreferencesRead:
    row = await repository.preference_of(session, principal.subject)
    if row is None:
        row = Preference(
            subject=principal.subject,
            language=DEFAULTS.language,
            channels={},
            quiet_start=DEFAULTS.quiet_start,
            quiet_end=DEFAULTS.quiet_end,
        )
        session.add(row)
    if change.language is not None:
        row.language = change.language
    if change.channels:
        row.channels = {**row.channels, **{str(k): str(v) for k, v in change.channels.items()}}
    if change.quiet_start is not None or change.never_quiet:
        row.quiet_start, row.quiet_end = change.quiet_start, change.quiet_end
    row.updated_at = now
    await session.flush()
    return _read(row, available)


def _normalised(channel: str, address: str) -> str:
    if channel == "sms":
        try:
            return validate_mobile(address)
        except InvalidPhone:
            raise InvalidInput.field(
                "address",
                "not a mainland mobile number",
                reason_zh="不是有效的大陆手机号",
            ) from None
    if not _ACCOUNT_ID.fullmatch(address):
        raise InvalidInput.field(
            "address",
            "a user id or openid is 1–64 letters, digits, '_', '.', '@' or '-'",
            reason_zh="用户 ID 或 openid 应为 1–64 位字母、数字或 _ . @ -",
        )
    return address


def masked(channel: str, address: str) -> str:
    if channel == "sms":
        return mask_phone(address)
    if channel == "web_push":
        return "…"  # an endpoint says nothing useful to a person
    return address[:2] + "****" + address[-2:] if len(address) > 6 else "****"


def _contact_read(row: ContactPoint, sealer: Sealer) -> ContactRead:
    address = sealer.open(row.address_cipher, CONTACT_ADDRESS)
    return ContactRead(
        id=row.id,
        subject=row.subject,
        channel=row.channel,
        address=masked(row.channel, address),
        label=row.label,
        created_at=row.created_at,
    )


async def my_contacts(
    session: AsyncSession, principal: Principal, sealer: Sealer
) -> list[ContactRead]:
    rows = await session.scalars(repository.contacts_of(principal.subject))
    return [_contact_read(row, sealer) for row in rows]


async def save_contact(
    session: AsyncSession,
    sealer: Sealer,
    subject: str,
    channel: str,
    address: str,
    label: str | None,
    now: datetime,
    *,
    index: str | None = None,
) -> ContactPoint:
    """The same address again is the same contact (its label updated), not a second one.
    `index`: what makes two addresses the same, when not the whole address (a browser's
    push subscription is its endpoint, whatever its keys)."""
    index = index or sealer.index(address, CONTACT_INDEX)
    row = await repository.contact_with(session, subject, channel, index)
    if row is None:
        row = ContactPoint(
            subject=subject,
            channel=channel,
            address_cipher=sealer.seal(address, CONTACT_ADDRESS),
            address_index=index,
            created_at=now,
        )
        session.add(row)
    row.label = label
    await session.flush()
    return row


async def add_contact(
    session: AsyncSession, principal: Principal, sealer: Sealer, body: ContactCreate, now: datetime
) -> ContactRead:
    subject = principal.subject if body.subject is None else body.subject
    if subject != principal.subject and not principal.is_admin:
        raise Forbidden(
            "Only administrators add contacts for other accounts",
            detail_zh="只有管理员可以为其他账号添加联系方式",
        )
    address = _normalised(body.channel, body.address.strip())
    row = await save_contact(session, sealer, subject, body.channel, address, body.label, now)
    return _contact_read(row, sealer)


async def remove_contact(
    session: AsyncSession, principal: Principal, contact_id: uuid.UUID
) -> None:
    row = await repository.contact(session, contact_id)
    if row is None or (row.subject != principal.subject and not principal.is_admin):
        raise NotFound(
            "No such contact",
            detail_zh="没有这个联系方式",
            errors=[{"field": "contact_id", "reason": "no such contact", "code": "not-found"}],
        )
    await session.delete(row)
    await session.flush()
