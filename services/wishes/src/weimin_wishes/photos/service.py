"""Fulfilment-proof photos: uploaded by a claimer (stripped of metadata and stored by the
kit's photo mechanism), attached to the wish at fulfilment, and served only to their
uploader and to staff who can see the wish. Never on the public wall."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import InvalidInput, NotFound
from weimin_kit.photos import PhotoSize, PhotoStore, get, prepare_photo, put
from weimin_kit.photos.storage import StoredPhotoMissing
from weimin_wishes.photos.models import WishPhoto
from weimin_wishes.scope import STAFF_ROLES, covers
from weimin_wishes.wishes import repository as wishes


def photo_url(photo_id: uuid.UUID) -> str:
    return f"/v1/wish-photos/{photo_id}"


def photo_meta(photo: WishPhoto) -> dict[str, Any]:
    """What a wish keeps about a proof photo (its `proof_photos`)."""
    return {
        "id": str(photo.id),
        "url": photo_url(photo.id),
        "thumbnail_url": photo_url(photo.id) + "?size=thumb",
        "sha256": photo.sha256,
        "content_type": photo.content_type,
        "size_bytes": photo.size_bytes,
        "width": photo.width,
        "height": photo.height,
        "created_at": photo.created_at.isoformat(),
    }


async def store_photo(
    session: AsyncSession,
    store: PhotoStore,
    principal: Principal,
    declared: str,
    data: bytes,
    now: datetime,
) -> WishPhoto:
    prepared = prepare_photo(data, declared)
    # Bytes first: a failed write leaves no row naming missing bytes. Content-addressed
    # keys make a second upload of the same photo rewrite the same objects.
    await put(store, prepared.storage_key, prepared.data)
    await put(store, prepared.thumbnail_key, prepared.thumbnail)
    photo = WishPhoto(
        sha256=prepared.sha256,
        content_type=prepared.content_type,
        size_bytes=len(prepared.data),
        width=prepared.width,
        height=prepared.height,
        storage_key=prepared.storage_key,
        thumbnail_key=prepared.thumbnail_key,
        uploader_subject=principal.subject,
        created_at=now,
    )
    session.add(photo)
    await session.flush()
    return photo


async def attachable_photos(
    session: AsyncSession, principal: Principal, photo_ids: Sequence[uuid.UUID]
) -> list[WishPhoto]:
    """The caller's own, not yet attached uploads among `photo_ids` (repeats once); any
    other id is refused as unknown, so a photo id is no key to someone else's pictures."""
    photos: list[WishPhoto] = []
    for position, photo_id in enumerate(photo_ids):
        if any(photo.id == photo_id for photo in photos):
            continue
        photo = await session.scalar(
            select(WishPhoto).where(
                WishPhoto.id == photo_id,
                WishPhoto.uploader_subject == principal.subject,
                WishPhoto.wish_id.is_(None),
            )
        )
        if photo is None:
            raise InvalidInput.field(
                f"body.photo_ids.{position}",
                "no unattached photo you uploaded has this id",
                "unknown-photo",
                reason_zh="没有您上传且未使用的这张照片",
            )
        photos.append(photo)
    return photos


def attach(photos: Sequence[WishPhoto], wish_id: uuid.UUID) -> None:
    for photo in photos:
        photo.wish_id = wish_id


def _no_such_photo() -> NotFound:
    return NotFound(
        "No such photo",
        detail_zh="没有这张照片",
        errors=[{"field": "id", "reason": "no such photo", "code": "not-found"}],
    )


async def locate_photo(
    session: AsyncSession, principal: Principal, photo_id: uuid.UUID
) -> WishPhoto:
    """The photo, for its uploader or for staff who can see its wish; else 404 (whether it
    exists is not told)."""
    photo = await session.get(WishPhoto, photo_id)
    if photo is None or not await _may_see(session, principal, photo):
        raise _no_such_photo()
    return photo


async def _may_see(session: AsyncSession, principal: Principal, photo: WishPhoto) -> bool:
    if photo.uploader_subject == principal.subject:
        return True
    if photo.wish_id is None or not (principal.is_admin or principal.has_role(*STAFF_ROLES)):
        return False
    wish = await wishes.get_wish(session, photo.wish_id)
    return wish is not None and covers(
        principal, street=wish.street_id, community=wish.community_id, grid=wish.grid_unit_id
    )


async def photo_bytes(store: PhotoStore, photo: WishPhoto, size: PhotoSize) -> bytes:
    try:
        return await get(store, photo.thumbnail_key if size == "thumb" else photo.storage_key)
    except StoredPhotoMissing as error:
        raise _no_such_photo() from error
