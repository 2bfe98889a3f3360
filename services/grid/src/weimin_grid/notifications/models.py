import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow


class Notification(Base):
    """A notice in someone's inbox: an account's own, or a desk's.

    A desk (`community_desk`, `street_desk`) is the shared inbox of a community's or a
    street's secretaries: the grid service knows which scope supervises an incident but
    not which org-registry accounts currently sit at that desk. A desk notice is read once
    for the whole desk, as a paper in an office tray would be.
    """

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_recipient", "recipient_kind", "recipient", "id"),)

    # Time-ordered, so the id is also the inbox's newest-first order.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    recipient_kind: Mapped[str] = mapped_column(String(16))
    # The account subject, or the community / street id of a desk.
    recipient: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(32))
    incident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("incidents.id"), index=True)
    # Built from codes and the catalogue only: never a name, phone, address or free text.
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(String(500))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
