import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base, Timestamped
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime


class Patrol(Timestamped, Base):
    """A grid worker's walk round their grid unit."""

    __tablename__ = "patrols"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("grid_units.id"), index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    worker: Mapped[str] = mapped_column(String(255), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(String(500))


class PatrolCheckIn(Base):
    """A GPS fix taken on patrol, located to the grid unit it fell in."""

    __tablename__ = "patrol_check_ins"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    patrol_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patrols.id"), index=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    located_grid_unit_id: Mapped[uuid.UUID] = mapped_column()
    in_patrol_grid: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(500))
    #: Metadata of the photos taken there (uploaded through /v1/incident-photos).
    photos: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: When the worker was there: the phone's time for a check-in sent afterwards.
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: When the server received it.
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Visit(Base):
    """A visit to a household (at the door or by phone), optionally with a GPS fix."""

    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_household_visited", "household_id", "visited_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"))
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    visitor: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(1000))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
