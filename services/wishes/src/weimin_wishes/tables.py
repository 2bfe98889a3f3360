"""Imports every domain's models so `Base.metadata` is complete (for Alembic and tests)."""

from weimin_wishes.models import Base
from weimin_wishes.photos.models import WishPhoto
from weimin_wishes.pool.models import PoolMember
from weimin_wishes.wall.models import KioskDevice, WallEvent, WallSequence
from weimin_wishes.wishes.models import Wish, WishClaim

__all__ = [
    "Base",
    "KioskDevice",
    "PoolMember",
    "WallEvent",
    "WallSequence",
    "Wish",
    "WishClaim",
    "WishPhoto",
]
