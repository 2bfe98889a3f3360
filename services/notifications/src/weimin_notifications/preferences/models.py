import uuid
from datetime import datetime, time

from sqlalchemy import JSON, Index, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_notifications.models import Base


class Preference(Base):
    """One person's choices; a person without a row has the defaults (`defaults.py`)."""

    __tablename__ = "preferences"

    subject: Mapped[str] = mapped_column(String(255), primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    #: Channel → `all`, `urgent` (alarms only) or `off`.
    channels: Mapped[dict[str, str]] = mapped_column(JSON)
    #: Local times (Asia/Shanghai) between which nothing but alarms is sent; the inbox
    #: still receives everything at once, silently.
    quiet_start: Mapped[time | None] = mapped_column(Time())
    quiet_end: Mapped[time | None] = mapped_column(Time())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ContactPoint(Base):
    """Where one person is reached on one channel: a mobile number, a WeCom / DingTalk user
    id, a WeChat openid, a browser's push subscription. The address is personal data:
    sealed (AES-GCM) with a blind index that finds the same address again."""

    __tablename__ = "contact_points"
    __table_args__ = (
        UniqueConstraint("subject", "channel", "address_index", name="uq_contact_points_address"),
        Index("ix_contact_points_subject_channel", "subject", "channel"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    subject: Mapped[str] = mapped_column(String(255))
    channel: Mapped[str] = mapped_column(String(24))
    address_cipher: Mapped[str] = mapped_column(String(4000))
    address_index: Mapped[str] = mapped_column(String(64))
    #: What the person calls it ("my phone", the browser's name): never the address.
    label: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
