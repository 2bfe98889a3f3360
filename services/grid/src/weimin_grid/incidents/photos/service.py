"""Photo bytes for incident reports: uploaded once, stored by content, read back only by
their uploaders and by staff who can see an incident that shows them."""

import hashlib
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import Role
from weimin_grid.incidents.errors import PhotoTooLarge, UnsupportedPhotoType
from weimin_grid.incidents.models import Incident
from weimin_grid.incidents.photos.images import pixel_size, sniff_type
from weimin_grid.incidents.photos.models import (
    IncidentPhoto,
    IncidentPhotoLink,
    IncidentPhotoUpload,
)
from weimin_grid.incidents.repository import incidents_in_scope
from weimin_grid.scope import STAFF_ROLES
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import InvalidInput, NotFound

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
#: Who may upload: whoever may report (kept here to avoid importing the workflow).
UPLOAD_ROLES: tuple[Role, ...] = (*STAFF_ROLES, "resident", "member", "volunteer", "partner")


def photo_url(photo_id: uuid.UUID) -> str:
    return f"/v1/incident-photos/{photo_id}"


def check_declared_type(content_type: str | None) -> str:
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared not in PHOTO_TYPES:
        raise UnsupportedPhotoType(
            f"header.content-type: send one of {', '.join(PHOTO_TYPES)}",
            errors=[
                {
                    "field": "header.content-type",
                    "reason": "not a photo type",
                    "code": "unsupported-media-type",
                }
            ],
        )
    return declared


def check_declared_size(content_length: str | None) -> None:
    # A lying or absent length is caught while reading; this only refuses early.
    if (
        content_length is not None
        and content_length.isdigit()
        and (int(content_length) > MAX_PHOTO_BYTES)
    ):
        raise _too_large()


def _too_large() -> PhotoTooLarge:
    return PhotoTooLarge(
        f"body: a photo may be at most {MAX_PHOTO_BYTES // (1024 * 1024)} MiB",
        errors=[{"field": "body", "reason": "too large", "code": "upload-too-large"}],
        extra={"max_bytes": MAX_PHOTO_BYTES},
    )


async def read_limited(chunks: AsyncIterator[bytes]) -> bytes:
    """The body, refused as soon as it passes the limit (a lying Content-Length too)."""
    parts, size = [], 0
    async for chunk in chunks:
        size += len(chunk)
        if size > MAX_PHOTO_BYTES:
            raise _too_large()
        parts.append(chunk)
    return b"".join(parts)


async def store_photo(
    session: AsyncSession, principal: Principal, declared: str, data: bytes
) -> tuple[IncidentPhoto, bool]:
    """The stored photo and whether these bytes are new; the same bytes again (from anyone)
    reuse the stored copy and only record the uploader."""
    ensure_role(principal, *UPLOAD_ROLES)
    if not data:
        raise InvalidInput.field("body", "the photo is empty", "empty")
    actual = sniff_type(data)
    if actual is None:
        raise InvalidInput.field("body", "not a JPEG, PNG or WebP image", "not-an-image")
    if actual != declared:
        raise InvalidInput.field(
            "body", f"the bytes are {actual}, not {declared}", "content-type-mismatch"
        )
    digest = hashlib.sha256(data).hexdigest()
    photo = await session.scalar(select(IncidentPhoto).where(IncidentPhoto.sha256 == digest))
    created = photo is None
    if photo is None:
        width, height = pixel_size(actual, data)
        photo = IncidentPhoto(
            sha256=digest,
            content_type=actual,
            size_bytes=len(data),
            width=width,
            height=height,
            content=data,
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
        session.add(IncidentPhotoUpload(photo_id=photo.id, uploader_subject=principal.subject))
        await session.flush()
    return photo, created


def photo_meta(photo: IncidentPhoto) -> dict[str, Any]:
    """What an incident keeps about a photo: the same shape as an object-store photo's."""
    return {
        "id": str(photo.id),
        "url": photo_url(photo.id),
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
            field = f"body.photo_ids.{position}"
            raise InvalidInput.field(field, "no photo you uploaded has this id", "unknown-photo")
        photos.append(photo)
    return photos


def link_photos(
    session: AsyncSession, incident_id: uuid.UUID, photos: Sequence[IncidentPhoto]
) -> None:
    for photo in photos:
        session.add(IncidentPhotoLink(incident_id=incident_id, photo_id=photo.id))


async def locate_photo(
    session: AsyncSession, principal: Principal, photo_id: uuid.UUID
) -> IncidentPhoto:
    """The photo, for its uploader or for staff who see an incident showing it; else 404."""
    photo = await session.get(IncidentPhoto, photo_id)
    if photo is not None and not await _may_see(session, principal, photo.id):
        photo = None
    if photo is None:
        raise NotFound(
            "No such photo",
            errors=[{"field": "id", "reason": "no such photo", "code": "not-found"}],
        )
    return photo


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
    return (await session.scalar(shown_in)) is not None
