import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_org_registry.base import Base

JOINT_AREAS = (
    "thought_work",
    "public_order",
    "public_welfare",
    "environment",
    "culture_sport",
    "economy",
)
TASK_STATUSES = ("open", "in_progress", "done")


class JointMeeting(Base):
    """A joint meeting of the units in a community (or, without a community, a street)."""

    __tablename__ = "joint_meetings"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    held_on: Mapped[date] = mapped_column(sa.Date)
    minutes: Mapped[str] = mapped_column(sa.Text)
    #: The organisations (units) that attended.
    attendee_unit_ids: Mapped[list[str]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class JointTask(Base):
    """A resolution of a joint meeting, owned by one unit, in one of the six joint areas."""

    __tablename__ = "joint_tasks"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    meeting_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("joint_meetings.id"), index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    area: Mapped[str] = mapped_column(sa.String(32))
    title: Mapped[str] = mapped_column(sa.String(300))
    owner_organisation_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("organisations.id"))
    due_on: Mapped[date] = mapped_column(sa.Date, index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="open")
    completed_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.CheckConstraint(
            "area in ('thought_work', 'public_order', 'public_welfare', 'environment', "
            "'culture_sport', 'economy')",
            name="area",
        ),
        sa.CheckConstraint("status in ('open', 'in_progress', 'done')", name="status"),
    )
