"""Loading the wishes' part of the demonstration city: the wall with wishes in every state
(465 claimed, 379 fulfilled), their claims, and the wall events a kiosk would have seen.

Rows go in as Core executemany batches in one transaction: all or nothing.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update

from weimin_democity import generate
from weimin_democity.wishes import CLAIM_DEADLINE, DemoWish, generate_wishes
from weimin_kit.db import Database
from weimin_kit.types import utcnow
from weimin_wishes.config import Settings
from weimin_wishes.wall.cards import WALL_SEQUENCE_ROW, public_card
from weimin_wishes.wall.models import WallEvent, WallSequence
from weimin_wishes.wishes.models import Wish, WishClaim
from weimin_wishes.wishes.service import honorific_for

SUBMITTER = "demo-loader"
CLAIM_STATUS = {
    "claim_pending": "pending",
    "claimed": "active",
    "fulfilled": "fulfilled",
    "confirmed": "confirmed",
}


def wish_row(wish: DemoWish, anchor: datetime) -> dict[str, Any]:
    person, claim = wish.beneficiary, wish.claim
    live_claim = wish.state in ("claim_pending", "claimed")
    return {
        "id": wish.id,
        "street_id": wish.street_id,
        "community_id": wish.community_id,
        "grid_unit_id": wish.grid_unit_id,
        "grid_label": wish.grid_label,
        "title": wish.title,
        "description": wish.description,
        "category": wish.category,
        "urgency": wish.urgency,
        "estimated_value_yuan": wish.estimated_value_yuan,
        "photo_url": None,
        "beneficiary_kind": "individual",
        "beneficiary_resident_id": person.id,
        "beneficiary_name": person.name,
        "public_name": honorific_for(person.name, person.gender, person.birth_date, anchor.date()),
        "claim_rule": wish.claim_rule,
        "claim_approval": wish.claim_approval,
        "state": wish.state,
        "submitted_by": SUBMITTER,
        "reviewed_by": None if wish.reviewed_at is None else SUBMITTER,
        "reviewed_at": wish.reviewed_at,
        "rejection_reason": wish.rejection_reason,
        "published_at": wish.published_at,
        "cancelled_at": wish.cancelled_at,
        "cancel_reason": wish.cancel_reason,
        "claim_id": None if claim is None else wish.id,  # one claim per demo wish: same id
        "claimer_id": None if claim is None else str(claim.claimer_id),
        "claimer_type": None if claim is None else claim.claimer_type,
        "claimer_name": None if claim is None else claim.claimer_name,
        "claimed_at": None if claim is None else claim.claimed_at,
        "claim_deadline_at": claim.claimed_at + CLAIM_DEADLINE if claim and live_claim else None,
        "fulfilled_at": wish.fulfilled_at,
        "proof_photo_url": "/media/demo/proof.jpg" if wish.fulfilled_at else None,
        "proof_note": None,
        "confirmed_at": wish.confirmed_at,
        "confirmed_by": SUBMITTER if wish.confirmed_at else None,
        "thanks_message": wish.thanks_message,
        "rating": wish.rating,
        "version": 1,
        "created_at": wish.submitted_at,
        "updated_at": anchor,
    }


def claim_row(wish: DemoWish, anchor: datetime) -> dict[str, Any]:
    claim = wish.claim
    assert claim is not None
    return {
        "id": wish.id,
        "wish_id": wish.id,
        "community_id": wish.community_id,
        "claimer_id": str(claim.claimer_id),
        "claimer_type": claim.claimer_type,
        "claimer_name": claim.claimer_name,
        "organisation_id": claim.organisation_id,
        "status": CLAIM_STATUS[wish.state],
        "claimed_at": claim.claimed_at,
        "deadline_at": claim.claimed_at + CLAIM_DEADLINE,
        "ended_at": None,
        "created_at": claim.claimed_at,
        "updated_at": anchor,
    }


def wall_event_rows(rows: list[dict[str, Any]], base_url: str) -> list[dict[str, Any]]:
    """What a kiosk watching since the start would have seen of today's wall, in order."""
    moments: list[tuple[datetime, str, Wish]] = []
    for row in rows:
        if row["state"] not in ("open", "claim_pending", "claimed"):
            continue
        wish = Wish(**row)
        moments.append((row["published_at"], "wish.published", wish))
        if row["claimed_at"] is not None:
            moments.append((row["claimed_at"], "wish.claimed", wish))
    moments.sort(key=lambda moment: (moment[0], str(moment[2].id)))
    events = []
    for seq, (moment, kind, wish) in enumerate(moments, start=1):
        card = public_card(wish, base_url)
        if kind == "wish.published":  # the card as it was before the claim
            card = card.model_copy(update={"state": "open", "claimer_type": None})
        events.append(
            {
                "seq": seq,
                "type": kind,
                "wish_id": wish.id,
                "street_id": wish.street_id,
                "community_id": wish.community_id,
                "created_at": moment,
                "payload": {"type": kind, "wish": card.model_dump(mode="json")},
            }
        )
    return events


async def load_demo(database: Database, settings: Settings, size: str) -> dict[str, int]:
    """Load the wall for `generate(size)`; nothing when the wishes table already has rows."""
    if size not in ("demo", "city"):
        raise ValueError(f"unknown demo size {size!r}")
    async with database.engine.begin() as connection:
        if await connection.scalar(select(func.count()).select_from(Wish)):
            return {}
        anchor = utcnow().replace(microsecond=0)
        wishes = generate_wishes(generate(size), anchor)  # type: ignore[arg-type]  # checked
        rows = [wish_row(wish, anchor) for wish in wishes]
        claims = [claim_row(wish, anchor) for wish in wishes if wish.claim is not None]
        events = wall_event_rows(rows, settings.public_base_url)
        await connection.execute(insert(Wish), rows)
        await connection.execute(insert(WishClaim), claims)
        if events:
            await connection.execute(insert(WallEvent), events)
        await connection.execute(
            update(WallSequence)
            .where(WallSequence.id == WALL_SEQUENCE_ROW)
            .values(last_seq=len(events))
        )
    return {"wishes": len(rows), "wish_claims": len(claims), "wall_events": len(events)}
