import uuid
from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_notifications.models import Base

#: pending → fired (told through the pipeline), or cancelled before it was due.
REMINDER_STATES = ("pending", "fired", "cancelled")


class ScheduledNotice(Base):
    """A notice decided now and told later: a shift's reminders. Its `key` is unique and is
    the event id of what it tells, so scheduling it again, or firing it twice, tells nobody
    twice."""

    __tablename__ = "scheduled_notices"
    __table_args__ = (
        # What the scheduler asks for every round: the pending ones due first.
        Index("ix_scheduled_notices_due", "state", "due_at"),
        Index("ix_scheduled_notices_topic", "topic"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    #: `<event source>#<event id>:<which>`: one per event and reminder.
    key: Mapped[str] = mapped_column(String(255), unique=True)
    #: What it is about (`signup:<id>`): a cancellation cancels by it.
    topic: Mapped[str] = mapped_column(String(120))
    recipient: Mapped[str] = mapped_column(String(255))
    #: The message catalogue's key.
    kind: Mapped[str] = mapped_column(String(48))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The catalogue's values: ids, codes and times, never personal data.
    variables: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    link: Mapped[str | None] = mapped_column(String(300))
    #: The decision's `useless_after` (a shift's start).
    useless_after: Mapped[datetime | None] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(12), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
