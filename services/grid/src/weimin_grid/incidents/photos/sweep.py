"""Uploads never attached: a photo uploaded for a report or a check-in that was never sent
(or sent without it) is deleted, row and bytes, once its latest upload is
`photo_unattached_hours` old. Run by the retention sweep."""

from datetime import datetime, timedelta

from sqlalchemy import Select, delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.incidents.photos.models import (
    IncidentPhoto,
    IncidentPhotoLink,
    IncidentPhotoUpload,
    PatrolCheckInPhotoLink,
)
from weimin_kit import photos
from weimin_kit.db import Database
from weimin_kit.photos import PhotoStore


def _unattached_before(cutoff: datetime, limit: int) -> Select[IncidentPhoto]:
    return (
        select(IncidentPhoto)
        .where(
            IncidentPhoto.created_at <= cutoff,
            ~exists().where(IncidentPhotoLink.photo_id == IncidentPhoto.id),
            ~exists().where(PatrolCheckInPhotoLink.photo_id == IncidentPhoto.id),
            # Uploaded again lately (by anyone): the newest upload counts.
            ~exists().where(
                IncidentPhotoUpload.photo_id == IncidentPhoto.id,
                IncidentPhotoUpload.created_at > cutoff,
            ),
        )
        .order_by(IncidentPhoto.created_at, IncidentPhoto.id)
        .limit(limit)
    )


async def _delete_batch(
    session: AsyncSession, store: PhotoStore, cutoff: datetime, batch: int
) -> int:
    found = list(await session.scalars(_unattached_before(cutoff, batch)))
    if not found:
        return 0
    ids = [photo.id for photo in found]
    await session.execute(delete(IncidentPhotoUpload).where(IncidentPhotoUpload.photo_id.in_(ids)))
    await session.execute(delete(IncidentPhoto).where(IncidentPhoto.id.in_(ids)))
    # Bytes last, before the commit: a store that cannot be reached rolls the rows back
    # (503 raised) and the next sweep tries again; a commit failing after the bytes went
    # leaves rows naming missing bytes (served as 404), which the next sweep deletes.
    for photo in found:
        await photos.delete(store, photo.storage_key)
        await photos.delete(store, photo.thumbnail_key)
    return len(found)


async def delete_unattached_photos(
    database: Database, store: PhotoStore, now: datetime, hours: float, batch: int
) -> int:
    """Deletes, a batch per transaction, every photo attached to nothing whose latest
    upload is at least `hours` old; the number deleted."""
    cutoff = now - timedelta(hours=hours)
    deleted = 0
    while True:
        async with database.sessionmaker() as session, session.begin():
            done = await _delete_batch(session, store, cutoff, batch)
        deleted += done
        if done < batch:
            return deleted
