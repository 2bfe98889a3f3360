import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_org_registry.base import Base

SITE_KINDS = ("business", "service_post")


class DemonstrationSite(Base):
    """A demonstration business (restaurant, inn …) or service post (ticketing, tour
    information …) held by a member, with a public commitment and a valid period."""

    __tablename__ = "demonstration_sites"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(sa.String(16), index=True)
    category: Mapped[str] = mapped_column(sa.String(32))
    name: Mapped[str] = mapped_column(sa.String(200))
    holder_person_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("people.id"), index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    commitment: Mapped[str] = mapped_column(sa.String(1000))
    address: Mapped[str] = mapped_column(sa.String(300))
    lon: Mapped[float] = mapped_column(sa.Float)
    lat: Mapped[float] = mapped_column(sa.Float)
    valid_from: Mapped[date] = mapped_column(sa.Date)
    valid_until: Mapped[date] = mapped_column(sa.Date, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoke_reason: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.CheckConstraint("kind in ('business', 'service_post')", name="kind"),
        sa.CheckConstraint("valid_until >= valid_from", name="period"),
    )
