import uuid
from datetime import datetime

from sqlalchemy import Boolean, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_notifications.models import Base


class Robot(Base):
    """A WeCom or DingTalk group robot of a community's or a grid unit's work group. Its
    webhook address holds its key and its signing secret is one: both sealed at rest,
    never shown again once saved."""

    __tablename__ = "robots"
    __table_args__ = (Index("ix_robots_scope", "scope_kind", "scope_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    #: `wecom_robot` or `dingtalk_robot`.
    channel: Mapped[str] = mapped_column(String(24))
    #: `community` or `grid_unit`, and that place's id.
    scope_kind: Mapped[str] = mapped_column(String(16))
    scope_id: Mapped[uuid.UUID] = mapped_column()
    #: The street the place is in, for staff scope (a street secretary manages its own).
    street_id: Mapped[uuid.UUID | None] = mapped_column()
    community_id: Mapped[uuid.UUID | None] = mapped_column()
    name: Mapped[str] = mapped_column(String(60))
    webhook_cipher: Mapped[str] = mapped_column(String(2000))
    secret_cipher: Mapped[str | None] = mapped_column(String(500))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
