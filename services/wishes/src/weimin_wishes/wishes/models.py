import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from weimin_events.vocabularies import CLAIMER_TYPES
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime
from weimin_wishes.models import Base, Timestamped
from weimin_wishes.wishes.schemas import CLAIM_RULES


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class Wish(Timestamped, Base):
    """A micro-wish and, denormalised onto it, its current claim: the wall, the statistics
    and the race-free claim (one conditional UPDATE of this row) all read one row."""

    __tablename__ = "wishes"
    __table_args__ = (
        CheckConstraint(
            f"claimer_type is null or {_one_of('claimer_type', CLAIMER_TYPES)}",
            name="claimer_type",
        ),
        CheckConstraint(_one_of("claim_rule", CLAIM_RULES), name="claim_rule"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(index=True)
    grid_label: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(String(500))
    category: Mapped[str] = mapped_column(String(16))
    urgency: Mapped[str] = mapped_column(String(8))
    estimated_value_yuan: Mapped[int] = mapped_column(Integer)
    photo_url: Mapped[str | None] = mapped_column(String(500))
    beneficiary_kind: Mapped[str] = mapped_column(String(12))
    beneficiary_resident_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    # Staff only: the full name (or the group's description) never leaves a staff response.
    beneficiary_name: Mapped[str] = mapped_column(String(100))
    # What the public wall shows: 张奶奶, or a group label.
    public_name: Mapped[str] = mapped_column(String(30))
    claim_rule: Mapped[str] = mapped_column(String(16))
    claim_approval: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(16), index=True)
    submitted_by: Mapped[str] = mapped_column(String(255))
    reviewed_by: Mapped[str | None] = mapped_column(String(255))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejection_reason: Mapped[str | None] = mapped_column(String(300))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    claim_id: Mapped[uuid.UUID | None] = mapped_column()
    claimer_id: Mapped[str | None] = mapped_column(String(255), index=True)
    claimer_type: Mapped[str | None] = mapped_column(String(12))
    claimer_name: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    proof_photo_url: Mapped[str | None] = mapped_column(String(500))
    proof_note: Mapped[str | None] = mapped_column(String(300))
    #: Metadata of the proof photos uploaded here (POST /v1/wish-photos, then `photo_ids`).
    proof_photos: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Reported by the claimer at fulfilment; None: not reported (never assumed).
    service_minutes: Mapped[int | None] = mapped_column(Integer)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirmed_by: Mapped[str | None] = mapped_column(String(255))
    thanks_message: Mapped[str | None] = mapped_column(String(300))
    rating: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)


#: Claim statuses that hold the wish; at most one per wish (enforced by the index below).
ACTIVE_CLAIM_STATUSES = ("pending", "active")


class WishClaim(Timestamped, Base):
    """Every claim ever made, kept after it ends (withdrawn, expired, declined …)."""

    __tablename__ = "wish_claims"
    __table_args__ = (
        # The last line of defence behind the conditional UPDATE: even a bug in the service
        # cannot give a wish two live claims.
        Index(
            "uq_wish_claims_one_active_per_wish",
            "wish_id",
            unique=True,
            sqlite_where=text("status IN ('pending', 'active')"),
            postgresql_where=text("status IN ('pending', 'active')"),
        ),
        CheckConstraint(_one_of("claimer_type", CLAIMER_TYPES), name="claimer_type"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    wish_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("wishes.id"), index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    claimer_id: Mapped[str] = mapped_column(String(255), index=True)
    claimer_type: Mapped[str] = mapped_column(String(12))
    claimer_name: Mapped[str | None] = mapped_column(String(100))
    organisation_id: Mapped[uuid.UUID | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(12))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
