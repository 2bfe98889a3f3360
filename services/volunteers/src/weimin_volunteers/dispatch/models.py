import uuid
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime
from weimin_volunteers.models import Base, Timestamped


class Task(Timestamped, Base):
    """Something that needs a volunteer: a service request, an incident that needs hands,
    an urgent call for help."""

    __tablename__ = "tasks"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(24))  # service_request, incident, urgent_help
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    skill_code: Mapped[str | None] = mapped_column(String(40))
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    # The grid unit, when the task is for a place in one (an incident): its grid worker
    # sees the task too.
    grid_unit_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16))  # assign, offer, grab, round_robin
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"))
    offer_k: Mapped[int] = mapped_column(Integer, default=3)
    offer_timeout_seconds: Mapped[int] = mapped_column(Integer, default=300)
    # open, offered, assigned, completed, cancelled
    status: Mapped[str] = mapped_column(String(16), index=True)
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("volunteers.id"), index=True)
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # How many hands are asked for (an incident may want several); the task still goes to
    # one assignee, who leads, and staff see how many more to bring.
    volunteers_wanted: Mapped[int] = mapped_column(Integer, default=1)
    # Where the task came from in another service (an incident id, a station request id):
    # its natural key, so one incident or request never opens two tasks.
    source_ref: Mapped[str | None] = mapped_column(String(100), unique=True, index=True)


class TaskOffer(Base):
    __tablename__ = "task_offers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    task_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    volunteer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("volunteers.id"))
    rank: Mapped[int] = mapped_column(Integer)
    # pending, accepted, declined, expired, withdrawn
    status: Mapped[str] = mapped_column(String(16))
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("task_id", "volunteer_id"),
        Index("ix_task_offers_volunteer_id_status", "volunteer_id", "status"),
    )
