import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_org_registry.base import Base

CONTRIBUTION_KINDS = ("venue", "funds", "people", "services")


class CoBuildingAgreement(Base):
    """What a stationed unit or two-new organisation contributes to one community, and when.

    `contributions` is a list of {kind, description, amount}: amount is yuan for funds,
    square metres for a venue, persons for people, and absent for services."""

    __tablename__ = "co_building_agreements"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    community_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    contributions: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="period"),)
