import uuid
from datetime import datetime

from sqlalchemy import JSON
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime
from weimin_volunteers.models import Base


class CommunityPoolMember(Base):
    """A party member who reported to a community (org-registry's `member.reported`): one
    of the people its staff can call on, whether or not registered as a volunteer yet."""

    __tablename__ = "community_pool_members"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # One row per member: a later report moves them to the community it names.
    member_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    person_id: Mapped[uuid.UUID] = mapped_column()
    account_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    pledge_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    report_id: Mapped[uuid.UUID] = mapped_column()
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
