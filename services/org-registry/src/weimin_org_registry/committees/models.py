import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_org_registry.base import Base

SEAT_ROLES = ("secretary", "deputy_secretary", "member")
EMPLOYMENTS = ("full_time", "part_time")


class BigCommitteeSeat(Base):
    """A seat on a community's big committee (大党委), usually held part-time by someone
    from a stationed unit, for a term."""

    __tablename__ = "big_committee_seats"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("people.id"), index=True)
    unit_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("organisations.id")
    )
    role: Mapped[str] = mapped_column(sa.String(32))
    employment: Mapped[str] = mapped_column(sa.String(16))
    term_start: Mapped[date] = mapped_column(sa.Date)
    term_end: Mapped[date] = mapped_column(sa.Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.CheckConstraint("term_end >= term_start", name="term"),
        sa.CheckConstraint("role in ('secretary', 'deputy_secretary', 'member')", name="role"),
        sa.CheckConstraint("employment in ('full_time', 'part_time')", name="employment"),
    )
