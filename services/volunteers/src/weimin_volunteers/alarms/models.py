import uuid
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime
from weimin_volunteers.models import Base


class AlarmAlert(Base):
    """A ten-household joint-defence alarm (grid's `alarm.raised`) told to one nearby
    volunteer who opted in to such alerts."""

    __tablename__ = "alarm_alerts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    alarm_id: Mapped[uuid.UUID] = mapped_column()
    volunteer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("volunteers.id"), index=True)
    group_id: Mapped[uuid.UUID] = mapped_column()
    kind: Mapped[str] = mapped_column(String(40))
    grid_unit_id: Mapped[uuid.UUID] = mapped_column()
    community_id: Mapped[uuid.UUID | None] = mapped_column()
    # Where to go (the alarm's building, WGS-84) and how far it is from the volunteer's home.
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    distance_m: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    # However often the alarm arrives, each volunteer is alerted of it once.
    __table_args__ = (UniqueConstraint("alarm_id", "volunteer_id"),)
