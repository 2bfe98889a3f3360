import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_notifications.models import Base

#: queued → sent (the provider took it) → delivered (the provider or the app confirmed);
#: or failed (with the reason) after the last attempt, or at once when retrying cannot help.
DELIVERY_STATES = ("queued", "sent", "delivered", "failed")


class Delivery(Base):
    """One notification on one channel to one target: the delivery log's row."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("notification_id", "channel", "target_key", name="uq_deliveries_target"),
        Index("ix_deliveries_due", "state", "next_attempt_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    notification_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(24))
    #: The contact point or robot it goes to (`contact:<id>`, `robot:<id>`, `inbox`).
    target_key: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(12), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: When it is due: quiet hours and backoff push it forward, and a dispatcher that
    #: claims it pushes it past the time its send may take (its lease: should that
    #: dispatcher die, another takes the delivery up then).
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(300))
    provider_message_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
