import uuid
from datetime import datetime

from sqlalchemy import JSON, Index
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime
from weimin_wishes.models import Base, Timestamped


class PoolMember(Timestamped, Base):
    """A party member who reported to a community (org-registry's `member.reported`): one
    of the people that community counts on to take its wishes. One row per member."""

    __tablename__ = "claimer_pool"
    __table_args__ = (
        Index("ix_claimer_pool_community_id_account_id", "community_id", "account_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    member_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    report_id: Mapped[uuid.UUID] = mapped_column()
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column()
    # Their login, when they have one: how a claim is recognised as theirs.
    account_id: Mapped[uuid.UUID | None] = mapped_column()
    pledge_areas: Mapped[list[str]] = mapped_column(JSON)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
