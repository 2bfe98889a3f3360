import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow


class IncidentPhoto(Base):
    """A photo stored once per content however often it is uploaded: its metadata here,
    its bytes (stripped of EXIF) and thumbnail in the photo store under the two keys."""

    __tablename__ = "incident_photos"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    #: Of the stored (stripped) bytes, not of the upload.
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(16))
    size_bytes: Mapped[int] = mapped_column(Integer)
    #: Always set for photos stored since the metadata is stripped (rows from before
    #: that may have kept None: the column stays nullable).
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(100))
    thumbnail_key: Mapped[str] = mapped_column(String(100))
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


class PatrolCheckInPhotoLink(Base):
    """A patrol check-in showing a photo: staff who see the patrol may see the photo."""

    __tablename__ = "patrol_check_in_photo_links"

    check_in_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("patrol_check_ins.id"), primary_key=True
    )
    photo_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("incident_photos.id"), primary_key=True, index=True
    )
