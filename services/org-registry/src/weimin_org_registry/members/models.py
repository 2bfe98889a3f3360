import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_org_registry.base import Base


class PartyMember(Base):
    """A person's membership of one party organisation. `street_id`/`community_id` are the
    organisation's place (none for a stationed unit's branch), copied for scope filters."""

    __tablename__ = "party_members"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    person_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("people.id"), unique=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    street_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    # The person's home community, so a member of a stationed unit's branch is still seen
    # by the community they live in.
    home_street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    home_community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    standing: Mapped[str] = mapped_column(sa.String(16))
    joined_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.CheckConstraint("standing in ('formal', 'probationary')", name="standing"),
    )


class PartyMemberTransfer(Base):
    """A move of a membership from one organisation to another: the member's history."""

    __tablename__ = "party_member_transfers"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    member_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("party_members.id"), index=True)
    from_organisation_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("organisations.id"))
    to_organisation_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("organisations.id"))
    transferred_on: Mapped[date] = mapped_column(sa.Date)
    reason: Mapped[str] = mapped_column(sa.String(500))
    actor: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class MemberReport(Base):
    """An in-service member reporting to their home community (在职党员进社区报到): what
    they pledge, and the service they have done (counted from events of other services)."""

    __tablename__ = "member_reports"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    # One home community per member.
    member_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("party_members.id"), unique=True)
    person_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    reported_on: Mapped[date] = mapped_column(sa.Date)
    #: [{area, description, hours_per_month}]
    pledges: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    services_done: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: The minutes reported for them; services whose time nobody reported add none and are
    #: counted in `services_unreported` instead.
    service_minutes: Mapped[int] = mapped_column(sa.Integer, default=0)
    services_unreported: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class MemberService(Base):
    """One service a reporting member did, as another service told us (a fulfilled wish):
    what the member's and the community's views list. One row per wish, so a wish told
    twice (a redelivery, or the same fulfilment under another event id) counts once."""

    __tablename__ = "member_services"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    report_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("member_reports.id"), index=True)
    wish_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, unique=True)
    claim_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    # Where the wish was: usually the home community, but a member may serve elsewhere.
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    claimer_type: Mapped[str] = mapped_column(sa.String(32))
    #: As the claimer reported it; None: not reported (never assumed).
    minutes: Mapped[int | None] = mapped_column(sa.Integer)
    fulfilled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
