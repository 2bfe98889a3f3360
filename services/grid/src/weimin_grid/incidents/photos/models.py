import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow


class IncidentPhoto(Base):
    """A photo's bytes, stored once per content (sha256) however often it is uploaded."""

    __tablename__ = "incident_photos"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(16))
    size_bytes: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class IncidentPhotoUpload(Base):
    """Who uploaded a photo: each uploader may read it back and attach it to a report, even
    when someone else sent the same bytes first."""

    __tablename__ = "incident_photo_uploads"
    __table_args__ = (UniqueConstraint("photo_id", "uploader_subject"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    photo_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("incident_photos.id"), index=True)
    uploader_subject: Mapped[str] = mapped_column(String(255), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class IncidentPhotoLink(Base):
    """An incident showing a photo: staff who see the incident may see the photo."""

    __tablename__ = "incident_photo_links"

    incident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    photo_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("incident_photos.id"), primary_key=True, index=True
    )
