import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_notifications.models import Base


class Notification(Base):
    """One thing one recipient is told, decided once per event: the inbox row, and the
    parent of its deliveries on every other channel.

    `(event_id, recipient, kind)` is unique: an event delivered twice (at-least-once
    transport, a replay) finds its notices already there and decides nothing new. The
    recipient is an account's subject, or `robot:<id>` for a group robot (nobody's inbox).
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("event_id", "recipient", "kind", name="uq_notifications_event"),
        Index("ix_notifications_recipient_id", "recipient", "id"),
        Index("ix_notifications_created_at", "created_at"),
    )

    # Time-ordered, so the id is also the inbox's newest-first order.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    recipient: Mapped[str] = mapped_column(String(255))
    #: The message catalogue's key: `alarm.raised`, `incident.assigned` …
    kind: Mapped[str] = mapped_column(String(48))
    #: The event that caused it (`<source>#<id>`), or a reminder's own key.
    event_id: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(8))
    # Rendered from the catalogue in the recipient's language: ids, codes and catalogue
    # words only, never a name, phone or free text, so a lock screen may show it.
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(String(500))
    #: The one-line form for SMS.
    short: Mapped[str] = mapped_column(String(200))
    #: The app's path a tap opens (`/alarms/<id>`).
    link: Mapped[str | None] = mapped_column(String(300))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
