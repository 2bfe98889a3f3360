import uuid
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime
from weimin_volunteers.models import Base, Timestamped


class Activity(Timestamped, Base):
    __tablename__ = "activities"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"), index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    checkin_radius_m: Mapped[int] = mapped_column(Integer)
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    # Shown as a QR code at the venue; scanning it proves presence without GPS.
    qr_secret: Mapped[str] = mapped_column(String(64))


class Shift(Timestamped, Base):
    __tablename__ = "shifts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    activity_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    capacity: Mapped[int] = mapped_column(Integer)
    # Places taken, moved only by conditional UPDATEs so two sign-ups cannot both take
    # the last place.
    taken: Mapped[int] = mapped_column(Integer, default=0)
    attendance_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Signup(Timestamped, Base):
    __tablename__ = "signups"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    shift_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shifts.id", ondelete="CASCADE"))
    activity_id: Mapped[uuid.UUID] = mapped_column(index=True)
    volunteer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("volunteers.id"))
    # The shift's times, copied so the overlap check is one indexed query per volunteer.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # pending (awaits approval), confirmed, waitlisted, cancelled, declined
    status: Mapped[str] = mapped_column(String(16))
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    check_in_method: Mapped[str | None] = mapped_column(String(8))
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # attended / no_show, set once by the leader's confirmation.
    attendance: Mapped[str | None] = mapped_column(String(16))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("shift_id", "volunteer_id"),
        Index("ix_signups_volunteer_id_starts_at", "volunteer_id", "starts_at"),
        Index("ix_signups_shift_id_status", "shift_id", "status"),
    )


class Notification(Base):
    """A message to one volunteer (delivered by the app; push and SMS come later)."""

    __tablename__ = "notifications"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    volunteer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("volunteers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # message, reminder, promoted, offer, alert
    subject_id: Mapped[uuid.UUID | None] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
