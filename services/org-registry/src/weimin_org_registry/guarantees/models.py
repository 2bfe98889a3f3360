import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_org_registry.base import Base

#: Amounts are whole yuan; allowances are per person and month.
AMOUNTS = (
    "staff_count",
    "party_building_fund",
    "work_funds",
    "venue_area_m2",
    "staff_allowance_monthly",
    "secretary_allowance_monthly",
)


class ResourceGuarantee(Base):
    """What a community had in one year: staff, funds received, venue, allowances."""

    __tablename__ = "resource_guarantees"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("organisations.id"))
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    year: Mapped[int] = mapped_column(sa.Integer, index=True)
    staff_count: Mapped[int] = mapped_column(sa.Integer)
    party_building_fund: Mapped[int] = mapped_column(sa.BigInteger)
    work_funds: Mapped[int] = mapped_column(sa.BigInteger)
    venue_area_m2: Mapped[int] = mapped_column(sa.Integer)
    staff_allowance_monthly: Mapped[int] = mapped_column(sa.Integer)
    # The resident-group branch secretaries' allowance.
    secretary_allowance_monthly: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("community_id", "year"),
        *(
            sa.CheckConstraint(f"{column} >= 0", name=f"{column}_not_negative")
            for column in AMOUNTS
        ),
    )
