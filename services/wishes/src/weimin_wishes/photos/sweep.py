"""Proof photos never attached: an upload whose fulfilment was never sent (or was sent
without it) is deleted once `photo_unattached_hours` old; its bytes go too unless another
upload of the same photo still uses them. Run by the background sweep."""

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit import photos
from weimin_kit.photos import PhotoStore
from weimin_wishes.photos.models import WishPhoto


async def delete_unattached_photos(
    session: AsyncSession, store: PhotoStore, now: datetime, hours: float, limit: int = 500
) -> int:
    """Deletes up to `limit` unattached uploads at least `hours` old; the number deleted.
    Flushes, never commits: a store that cannot be reached raises (503) before the caller
    commits, so the rows stay for the next sweep."""
    cutoff = now - timedelta(hours=hours)
    found = list(
        await session.scalars(
            select(WishPhoto)
            .where(WishPhoto.wish_id.is_(None), WishPhoto.created_at <= cutoff)
            .order_by(WishPhoto.created_at, WishPhoto.id)
            .limit(limit)
        )
    )
    if not found:
        return 0
    await session.execute(delete(WishPhoto).where(WishPhoto.id.in_([p.id for p in found])))
    for digest in sorted({photo.sha256 for photo in found}):
        still_used = await session.scalar(
            select(func.count()).select_from(WishPhoto).where(WishPhoto.sha256 == digest)
        )
        if still_used:
            continue
        photo = next(p for p in found if p.sha256 == digest)
        await photos.delete(store, photo.storage_key)
        await photos.delete(store, photo.thumbnail_key)
    return len(found)
