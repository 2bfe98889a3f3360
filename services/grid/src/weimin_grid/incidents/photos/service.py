"""Photos of incident reports and patrol check-ins: uploaded once, stripped of metadata and
stored by content (`weimin_kit.photos`), attached by id, and served only to their
uploaders and to staff who can see an incident or a patrol that shows them."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import Role
from weimin_grid.incidents.models import Incident
from weimin_grid.incidents.photos.models import (
    IncidentPhoto,
    IncidentPhotoLink,
    IncidentPhotoUpload,
    PatrolCheckInPhotoLink,
)
from weimin_grid.incidents.repository import incidents_in_scope
from weimin_grid.patrols.models import Patrol, PatrolCheckIn
from weimin_grid.scope import STAFF_ROLES, scope_condition
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import InvalidInput, NotFound
from weimin_kit.photos import PhotoSize, PhotoStore, get, prepare_photo, put
from weimin_kit.photos.storage import StoredPhotoMissing

#: Who may upload: whoever may report (kept here to avoid importing the workflow).
UPLOAD_ROLES: tuple[Role, ...] = (*STAFF_ROLES, "resident", "member", "volunteer", "partner")


def photo_url(photo_id: uuid.UUID) -> str:
    return f"/v1/incident-photos/{photo_id}"


async def store_photo(
    session: AsyncSession,
    store: PhotoStore,
    principal: Principal,
    declared: str,
    data: bytes,
    now: datetime,
) -> tuple[IncidentPhoto, bool]:
    """The stored photo and whether it is new; the same photo again (from anyone) reuses
    the stored copy and only records the uploader (whose upload time keeps an unattached
    photo from the sweep for another `photo_unattached_hours`)."""
    ensure_role(principal, *UPLOAD_ROLES)
    prepared = prepare_photo(data, declared)
    photo = await session.scalar(
        select(IncidentPhoto).where(IncidentPhoto.sha256 == prepared.sha256)
    )
    created = photo is None
    if photo is None:
        # Bytes first: a failed write leaves no row naming missing bytes.
        await put(store, prepared.storage_key, prepared.data)
        await put(store, prepared.thumbnail_key, prepared.thumbnail)
        photo = IncidentPhoto(
            sha256=prepared.sha256,
            content_type=prepared.content_type,
            size_bytes=len(prepared.data),
            width=prepared.width,
            height=prepared.height,
            storage_key=prepared.storage_key,
            thumbnail_key=prepared.thumbnail_key,
            created_at=now,
        )
        session.add(photo)
        await session.flush()
    uploaded = await session.scalar(
        select(IncidentPhotoUpload.id).where(
            IncidentPhotoUpload.photo_id == photo.id,
            IncidentPhotoUpload.uploader_subject == principal.subject,
        )
    )
    if uploaded is None:
        session.add(
            IncidentPhotoUpload(
                photo_id=photo.id, uploader_subject=principal.subject, created_at=now
            )
        )
        await session.flush()
    else:
        await session.execute(
            update(IncidentPhotoUpload)
            .where(IncidentPhotoUpload.id == uploaded)
            .values(created_at=now)
        )
    return photo, created


def photo_meta(photo: IncidentPhoto) -> dict[str, Any]:
    """What an incident or check-in keeps about a photo: the same shape as an
    object-store photo's."""
    return {
        "id": str(photo.id),
        "url": photo_url(photo.id),
        "thumbnail_url": photo_url(photo.id) + "?size=thumb",
        "sha256": photo.sha256,
        "content_type": photo.content_type,
        "size_bytes": photo.size_bytes,
        "width": photo.width,
        "height": photo.height,
    }


async def own_photos(
    session: AsyncSession, principal: Principal, photo_ids: Sequence[uuid.UUID]
) -> list[IncidentPhoto]:
    """The caller's own uploads among `photo_ids` (repeats once); anyone else's photo is
    refused as unknown, so a photo id is no key to another reporter's pictures."""
    photos: list[IncidentPhoto] = []
    for position, photo_id in enumerate(photo_ids):
        if any(photo.id == photo_id for photo in photos):
            continue
        photo = await session.scalar(
            select(IncidentPhoto)
            .join(IncidentPhotoUpload, IncidentPhotoUpload.photo_id == IncidentPhoto.id)
            .where(
                IncidentPhoto.id == photo_id,
                IncidentPhotoUpload.uploader_subject == principal.subject,
            )
        )
        if photo is None:
            raise InvalidInput.field(
                f"body.photo_ids.{position}",
                "no photo you uploaded has this id",
                "unknown-photo",
                reason_zh="没有您上传的这张照片",
            )
        photos.append(photo)
    return photos


def link_photos(
    session: AsyncSession, incident_id: uuid.UUID, photos: Sequence[IncidentPhoto]
) -> None:
    for photo in photos:
        session.add(IncidentPhotoLink(incident_id=incident_id, photo_id=photo.id))


def link_check_in_photos(
    session: AsyncSession, check_in_id: uuid.UUID, photos: Sequence[IncidentPhoto]
) -> None:
    for photo in photos:
        session.add(PatrolCheckInPhotoLink(check_in_id=check_in_id, photo_id=photo.id))


def _no_such_photo() -> NotFound:
    return NotFound(
        "No such photo",
        detail_zh="没有这张照片",
        errors=[{"field": "id", "reason": "no such photo", "code": "not-found"}],
    )


async def locate_photo(
    session: AsyncSession, principal: Principal, photo_id: uuid.UUID
) -> IncidentPhoto:
    """The photo, for its uploader or for staff who see an incident or patrol showing it;
    else 404 (whether it exists is not told)."""
    photo = await session.get(IncidentPhoto, photo_id)
    if photo is None or not await _may_see(session, principal, photo.id):
        raise _no_such_photo()
    return photo


async def photo_bytes(store: PhotoStore, photo: IncidentPhoto, size: PhotoSize) -> bytes:
    try:
        return await get(store, photo.thumbnail_key if size == "thumb" else photo.storage_key)
    except StoredPhotoMissing as error:
        raise _no_such_photo() from error


async def _may_see(session: AsyncSession, principal: Principal, photo_id: uuid.UUID) -> bool:
    uploader = await session.scalar(
        select(
            exists().where(
                IncidentPhotoUpload.photo_id == photo_id,
                IncidentPhotoUpload.uploader_subject == principal.subject,
            )
        )
    )
    if uploader:
        return True
    if not (principal.is_admin or principal.has_role(*STAFF_ROLES)):
        return False
    shown_in = (
        incidents_in_scope(principal)
        .join(IncidentPhotoLink, IncidentPhotoLink.incident_id == Incident.id)
        .where(IncidentPhotoLink.photo_id == photo_id)
        .limit(1)
    )
    if (await session.scalar(shown_in)) is not None:
        return True
    return await _shown_on_patrol(session, principal, photo_id)


async def _shown_on_patrol(
    session: AsyncSession, principal: Principal, photo_id: uuid.UUID
) -> bool:
    patrols = (
        select(Patrol.id)
        .join(PatrolCheckIn, PatrolCheckIn.patrol_id == Patrol.id)
        .join(PatrolCheckInPhotoLink, PatrolCheckInPhotoLink.check_in_id == PatrolCheckIn.id)
        .where(PatrolCheckInPhotoLink.photo_id == photo_id)
    )
    condition = scope_condition(
        principal, street=Patrol.street_id, community=Patrol.community_id, grid=Patrol.grid_unit_id
    )
    if condition is not None:
        patrols = patrols.where(condition)
    return (await session.scalar(patrols.limit(1))) is not None
