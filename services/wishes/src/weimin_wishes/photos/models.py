import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_wishes.models import Base


class WishPhoto(Base):
    """One upload of a fulfilment-proof photo: its metadata here, its bytes (stripped of
    metadata) and thumbnail in the photo store. Its uploader may read it and attach it to
    a fulfilment; once attached, staff who can see the wish may read it too."""

    __tablename__ = "wish_photos"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    #: Of the stored copy; the same photo uploaded twice shares the stored bytes.
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(16))
    size_bytes: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(100))
    thumbnail_key: Mapped[str] = mapped_column(String(100))
    uploader_subject: Mapped[str] = mapped_column(String(255), index=True)
    #: The wish whose fulfilment it proves; None until attached.
    wish_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("wishes.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
