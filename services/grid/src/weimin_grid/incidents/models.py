import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base, Timestamped
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow


class Incident(Timestamped, Base):
    """A reported problem on the grid and where it stands in the workflow."""

    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_grid_unit_state", "grid_unit_id", "state"),
        Index("ix_incidents_category_state", "category_code", "state"),
        Index("ix_incidents_lat_lon", "lat", "lon"),
        Index("ix_incidents_grid_unit_id_id", "grid_unit_id", "id"),  # a worker's newest first
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    category_code: Mapped[str] = mapped_column(String(8))
    priority: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16), index=True)
    level: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(2000))
    # WGS-84, whatever datum the phone sent.
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("grid_units.id"))
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    building_id: Mapped[uuid.UUID | None] = mapped_column()
    channel: Mapped[str] = mapped_column(String(16))
    anonymous: Mapped[bool] = mapped_column(Boolean)
    # Kept even for anonymous reports (status notices go back to the reporter); never shown.
    reporter_subject: Mapped[str] = mapped_column(String(255), index=True)
    reporter_name: Mapped[str | None] = mapped_column(String(50))
    caller_name: Mapped[str | None] = mapped_column(String(50))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON)
    photos: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # Volunteers asked to help ("needs hands"): {"volunteers_wanted": n, "skills": [...]}.
    volunteer_request: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: A link to a photo elsewhere, as an Open311 client sends it (`media_url`); not fetched.
    media_url: Mapped[str | None] = mapped_column(String(500))
    assignee: Mapped[str | None] = mapped_column(String(255), index=True)
    duplicate_of_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("incidents.id"))
    # SLA: due_at is the whole incident's deadline; level_due_at the current level's, after
    # which an open incident is escalated one level up.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    level_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolve_seconds: Mapped[int | None] = mapped_column(Integer)
    sla_met: Mapped[bool | None] = mapped_column(Boolean)
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    return_visit_note: Mapped[str | None] = mapped_column(String(500))
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the supervisors were told it is overdue; cleared on reopening, which starts a
    # new overdue period. Bookkeeping for the sweep, not a change: no version bump.
    overdue_noticed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When the reporter saw it: the phone's time for a report made offline and sent later
    #: (`created_at` is when it arrived; the deadline counts from that).
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)


class IncidentChange(Base):
    """One line of an incident's timeline: what happened, who did it, when."""

    __tablename__ = "incident_changes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    incident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("incidents.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(255))
    # A staff member's display name when they acted; never a resident's (personal data).
    actor_name: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(500))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
