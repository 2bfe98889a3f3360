import uuid
from datetime import datetime
from typing import Any

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
CHANGE_ACTIONS = ("created", "renamed", "moved", "dissolved")
PARTY_KINDS = (
    "street_committee",
    "community_branch",
    "resident_group_branch",
    "joint_branch",
    "functional_branch",
    "mobile_member_branch",
)
# The kinds a node of each kind may hang under (None: a root). Branches formed across
# units may nest, so those are where a careless move could make a cycle.
_BRANCHES = ("joint_branch", "functional_branch", "mobile_member_branch")
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    "street_committee": (None,),
    "community_branch": ("street_committee",),
    "resident_group_branch": ("community_branch",),
    "joint_branch": ("street_committee", "community_branch", *_BRANCHES),
    "functional_branch": ("street_committee", "community_branch", *_BRANCHES),
    "mobile_member_branch": ("street_committee", "community_branch", *_BRANCHES),
    "big_committee": ("community_branch",),
    "stationed_unit": (None,),
    "two_new_organisation": (None,),
}


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
    # Root = 1; kept beside the path so counts per level are one GROUP BY.
    depth: Mapped[int] = mapped_column(sa.Integer, default=1)
    street_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    level: Mapped[str | None] = mapped_column(sa.String(16))
    # What sort of unit a stationed organisation is (organ, state_enterprise, new_social …).
    category: Mapped[str | None] = mapped_column(sa.String(32))
    sector: Mapped[str | None] = mapped_column(sa.String(32))
    status: Mapped[str] = mapped_column(sa.String(16), default="active")
    dissolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
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


class OrganisationChange(Base):
    """One change to an organisation (created, renamed, moved, dissolved): the history a
    dissolved organisation keeps, since nothing is ever hard-deleted."""

    __tablename__ = "organisation_changes"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(16))
    # Only the fields that changed, old and new values side by side.
    before: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    after: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    actor: Mapped[str] = mapped_column(sa.String(255))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.CheckConstraint(_in("action", CHANGE_ACTIONS), name="action"),)
