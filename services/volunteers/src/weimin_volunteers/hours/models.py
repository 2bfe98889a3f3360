import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime
from weimin_volunteers.models import Base


class HoursEntry(Base):
    """One line of the append-only hours ledger, in minutes; a correction is a new line
    with the opposite sign (`reverses_entry_id`), never an edit."""

    __tablename__ = "hours_entries"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    volunteer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("volunteers.id"), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # shift, manual, reversal, wish
    signup_id: Mapped[uuid.UUID | None] = mapped_column()
    # Unique: a shift is credited once and an entry reversed once, however often asked.
    credit_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    reverses_entry_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    reason: Mapped[str] = mapped_column(String(500))
    # False: nobody reported the time this line is about (a wish fulfilled without saying
    # how long it took, 0 minutes), or its minutes were assumed and have been corrected.
    minutes_reported: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    recorded_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HoursTotal(Base):
    """Each volunteer's running total, moved by `minutes = minutes + n` in the same
    transaction as the ledger line, so concurrent credits never lose one."""

    __tablename__ = "hours_totals"

    volunteer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True
    )
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    entries: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
