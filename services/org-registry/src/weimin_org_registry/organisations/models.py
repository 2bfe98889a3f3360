import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_org_registry.base import Base

KINDS = (
    "street_committee",
    "community_branch",
    "resident_group_branch",
    "joint_branch",
    "functional_branch",
    "mobile_member_branch",
    "big_committee",
    "stationed_unit",
    "two_new_organisation",
)
STATIONED_KINDS = ("stationed_unit", "two_new_organisation")
LEVELS = ("prefecture", "city", "other")
STATUSES = ("active", "dissolved")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(sa.String(32), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The official administrative division code; never used as an id.
    division_code: Mapped[str | None] = mapped_column(sa.String(12))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    # "/<root id>/…/<own id>/": a subtree is `path LIKE '<node path>%'`.
    path: Mapped[str] = mapped_column(sa.String(1000), index=True)
    street_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    level: Mapped[str | None] = mapped_column(sa.String(16))
    # What sort of unit a stationed organisation is (organ, state_enterprise, new_social …).
    category: Mapped[str | None] = mapped_column(sa.String(32))
    sector: Mapped[str | None] = mapped_column(sa.String(32))
    status: Mapped[str] = mapped_column(sa.String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.CheckConstraint(_in("kind", KINDS), name="kind"),
        sa.CheckConstraint(_in("status", STATUSES), name="status"),
        sa.CheckConstraint(f"level is null or {_in('level', LEVELS)}", name="level"),
    )


class CoBuildingLink(Base):
    """A stationed unit or two-new organisation co-building with a community."""

    __tablename__ = "co_building_links"

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    community_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # The community's street, copied here so a street's scope filter needs no join.
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
