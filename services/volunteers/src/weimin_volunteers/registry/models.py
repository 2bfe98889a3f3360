import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime
from weimin_volunteers.models import Base, Timestamped


class Skill(Timestamped, Base):
    """An entry of the skills catalogue; some (first aid, electrician …) need a certificate."""

    __tablename__ = "skills"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    requires_certificate: Mapped[bool] = mapped_column(Boolean, default=False)


class Volunteer(Timestamped, Base):
    """A person (an org-registry person id) registered to volunteer in one community."""

    __tablename__ = "volunteers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    person_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    # The org-registry account the person signs in with: how "my record" is found.
    account_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    grid_unit_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    # Coarse on purpose (rounded to ~100 m): enough for distance ranking, not an address.
    home_lon: Mapped[float] = mapped_column(Float)
    home_lat: Mapped[float] = mapped_column(Float)
    # [{"weekday": 0-6 (Monday 0), "start": "HH:MM", "end": "HH:MM"}], Asia/Shanghai time.
    weekly_availability: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # [{"starts_at": iso, "ends_at": iso, "reason": str}]: times the windows do not hold.
    availability_exceptions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    alert_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    alert_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A separate consent: to be alerted of ten-household joint-defence alarms nearby.
    alarm_alert_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    alarm_alert_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="active")
    # Reliability and load, kept as counters so ranking never scans history.
    attended_count: Mapped[int] = mapped_column(Integer, default=0)
    no_show_count: Mapped[int] = mapped_column(Integer, default=0)

    # Dispatch looks for the nearest volunteers inside a box around the task: a range on
    # latitude, then longitude, from the index instead of a scan of every volunteer.
    __table_args__ = (Index("ix_volunteers_home_lat_home_lon", "home_lat", "home_lon"),)


class VolunteerSkill(Base):
    __tablename__ = "volunteer_skills"

    volunteer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("skills.id"), primary_key=True, index=True
    )
    # The volunteer's home, copied here (it is set once, at registration) so the nearest
    # holders of a skill come from one index range instead of checking everyone nearby.
    home_lon: Mapped[float | None] = mapped_column(Float)
    home_lat: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        Index("ix_volunteer_skills_skill_id_home_lat_home_lon", "skill_id", "home_lat", "home_lon"),
    )


class Certificate(Timestamped, Base):
    __tablename__ = "certificates"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    volunteer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    skill_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("skills.id"))
    number: Mapped[str] = mapped_column(String(64))
    issuer: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
