"""Claiming a wish: who may, exactly one at a time, withdrawal, approval, deadlines."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import WishClaimed, WishClaimRequested, WishFulfilled, WishReleased
from weimin_events.vocabularies import CLAIMER_TYPES, ClaimerType, Role
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import Forbidden, InvalidInput
from weimin_kit.ids import new_id
from weimin_wishes.config import Settings
from weimin_wishes.photos import service as photos
from weimin_wishes.pool import repository as pool
from weimin_wishes.scope import REVIEWER_ROLES
from weimin_wishes.wishes import repository
from weimin_wishes.wishes.errors import (
    ClaimRuleNotMet,
    NotTheClaimer,
    WishAlreadyClaimed,
    WishNotFound,
    WishTransitionNotAllowed,
)
from weimin_wishes.wishes.lifecycle import PUBLIC_STATES, Action
from weimin_wishes.wishes.models import Wish, WishClaim
from weimin_wishes.wishes.schemas import ClaimRequest, FulfilRequest
from weimin_wishes.wishes.service import locate_wish
from weimin_wishes.wishes.transitions import advance, announce

#: The role a claimer must hold to claim as each type (an organisation is claimed for by
#: its member).
ROLE_FOR_TYPE: dict[ClaimerType, Role] = {
    "volunteer": "volunteer",
    "member": "member",
    "organisation": "member",
    "resident": "resident",
}
#: Which claimer types each wish rule admits.
TYPES_FOR_RULE: dict[str, frozenset[ClaimerType]] = {
    "anyone": frozenset(CLAIMER_TYPES),
    "members": frozenset({"member"}),
    "volunteers": frozenset({"volunteer"}),
    "organisations": frozenset({"organisation"}),
}
HELD_STATES = ("claim_pending", "claimed", "fulfilled", "confirmed")
#: Categories whose service is the time itself: their fulfilment must say how long it took
#: (a material wish's time, delivering a thing, may go unreported).
TIME_IS_THE_SERVICE = frozenset({"companionship"})


def claimer_type_for(
    principal: Principal, wish: Wish, body: ClaimRequest, *, pooled: bool = False
) -> ClaimerType:
    """`pooled`: the claimer is a member reported to the wish's community (its claimer
    pool). That is proof of membership there, role or not, and by default they claim as the
    member they serve the community as."""

    def holds(role: str) -> bool:
        return principal.has_role(role) or (pooled and role == "member")

    chosen = body.as_
    if chosen is None:
        order = (
            ("member", "volunteer", "resident") if pooled else ("volunteer", "member", "resident")
        )
        held = [t for t in order if holds(t)]
        if not held:
            raise Forbidden("Claiming needs a volunteer, member or resident account")
        chosen = held[0]  # type: ignore[assignment]
    assert chosen is not None
    if not holds(ROLE_FOR_TYPE[chosen]):
        raise InvalidInput.field(
            "body.as",
            f"claiming as {chosen} needs the {ROLE_FOR_TYPE[chosen]} role",
            code="claimer-type-not-held",
        )
    if chosen == "organisation" and body.organisation_id is None:
        raise InvalidInput.field(
            "body.organisation_id", "required when claiming as an organisation"
        )
    if chosen != "organisation" and body.organisation_id is not None:
        raise InvalidInput.field("body.organisation_id", "only for claims made as an organisation")
    if chosen not in TYPES_FOR_RULE[wish.claim_rule]:
        raise ClaimRuleNotMet(f"This wish may be claimed by: {wish.claim_rule}")
    return chosen


async def claim_wish(
    session: AsyncSession,
    principal: Principal,
    settings: Settings,
    now: datetime,
    wish_id: uuid.UUID,
    body: ClaimRequest,
) -> WishClaim:
    wish = await repository.get_wish(session, wish_id)
    if wish is None or wish.state not in PUBLIC_STATES:
        raise WishNotFound()
    pooled = await pool.account_in_pool(session, wish.community_id, principal.subject)
    claimer_type = claimer_type_for(principal, wish, body, pooled=pooled)
    if wish.state in HELD_STATES:
        raise WishAlreadyClaimed()
    # The community vetted its reported members when it registered them: their claims
    # skip the approval step that exists to vet strangers.
    pending = wish.claim_approval == "community" and not pooled
    claim_id = new_id()
    deadline = now + timedelta(days=settings.claim_deadline_days)
    try:
        await advance(
            session,
            wish,
            "claim",
            now,
            state="claim_pending" if pending else "claimed",
            claim_id=claim_id,
            claimer_id=principal.subject,
            claimer_type=claimer_type,
            claimer_name=principal.display_name,
            claimed_at=now,
            claim_deadline_at=deadline,
        )
    except WishTransitionNotAllowed:
        # Lost the race: the one conditional UPDATE that matched belongs to someone else.
        if wish.state in HELD_STATES:
            raise WishAlreadyClaimed() from None
        raise
    claim = await repository.add_claim(
        session,
        WishClaim(
            id=claim_id,
            wish_id=wish.id,
            community_id=wish.community_id,
            claimer_id=principal.subject,
            claimer_type=claimer_type,
            claimer_name=principal.display_name,
            organisation_id=body.organisation_id,
            status="pending" if pending else "active",
            claimed_at=now,
            deadline_at=deadline,
            created_at=now,
            updated_at=now,
        ),
    )
    await announce(
        session,
        wish,
        WishClaimRequested if pending else WishClaimed,
        wall="wish.claimed",
        now=now,
        base_url=settings.public_base_url,
        claim_id=str(claim_id),
        claimer_id=principal.subject,
        claimer_type=claimer_type,
        owner_id=wish.submitted_by,
    )
    return claim


async def decide_claim(
    session: AsyncSession,
    principal: Principal,
    settings: Settings,
    now: datetime,
    wish_id: uuid.UUID,
    approve: bool,
) -> Wish:
    wish = await locate_wish(session, principal, wish_id)
    ensure_role(principal, *REVIEWER_ROLES)
    claim_id = wish.claim_id
    if approve:
        await advance(session, wish, "approve_claim", now, state="claimed")
        await repository.set_claim_status(session, claim_id, "active", now)
        await announce(
            session,
            wish,
            WishClaimed,
            wall=None,
            now=now,
            base_url=settings.public_base_url,
            claim_id=str(claim_id),
            claimer_id=wish.claimer_id,
            claimer_type=wish.claimer_type,
            owner_id=wish.submitted_by,
        )
    else:
        await _return_to_wall(session, wish, "decline_claim", "declined", settings, now)
    return wish


async def _return_to_wall(
    session: AsyncSession,
    wish: Wish,
    action: Action,
    claim_status: str,
    settings: Settings,
    now: datetime,
) -> None:
    claim_id, claimer_id = wish.claim_id, wish.claimer_id
    await advance(
        session,
        wish,
        action,
        now,
        state="open",
        claim_id=None,
        claimer_id=None,
        claimer_type=None,
        claimer_name=None,
        claimed_at=None,
        claim_deadline_at=None,
    )
    await repository.end_claim(session, claim_id, claim_status, now)
    await announce(
        session,
        wish,
        WishReleased,
        wall="wish.released",
        now=now,
        base_url=settings.public_base_url,
        claim_id=str(claim_id),
        claimer_id=claimer_id,
        reason=claim_status,
    )


def _ensure_claimer(principal: Principal, wish: Wish) -> None:
    if wish.claimer_id is None or wish.claimer_id != principal.subject:
        raise NotTheClaimer()


async def locate_public_wish(session: AsyncSession, wish_id: uuid.UUID) -> Wish:
    wish = await repository.get_wish(session, wish_id)
    if wish is None or wish.state not in PUBLIC_STATES:
        raise WishNotFound()
    return wish


async def withdraw_claim(
    session: AsyncSession,
    principal: Principal,
    settings: Settings,
    now: datetime,
    wish_id: uuid.UUID,
) -> Wish:
    wish = await locate_public_wish(session, wish_id)
    _ensure_claimer(principal, wish)
    await _return_to_wall(session, wish, "withdraw", "withdrawn", settings, now)
    return wish


async def fulfil_wish(
    session: AsyncSession,
    principal: Principal,
    settings: Settings,
    now: datetime,
    wish_id: uuid.UUID,
    body: FulfilRequest,
) -> Wish:
    wish = await locate_public_wish(session, wish_id)
    _ensure_claimer(principal, wish)
    if body.proof_photo_url is None and not body.photo_ids:
        raise InvalidInput.field(
            "body.photo_ids",
            "a fulfilment needs a proof photo (photo_ids or proof_photo_url)",
            code="proof-photo-required",
            reason_zh="完成心愿需要一张凭证照片（photo_ids 或 proof_photo_url）",
        )
    proofs = await photos.attachable_photos(session, principal, body.photo_ids)
    if wish.category in TIME_IS_THE_SERVICE and body.service_minutes is None:
        raise InvalidInput.field(
            "body.service_minutes",
            f"required for a {wish.category} wish: the time given is the service",
            code="service-minutes-required",
        )
    await advance(
        session,
        wish,
        "fulfil",
        now,
        state="fulfilled",
        fulfilled_at=now,
        proof_photo_url=body.proof_photo_url,
        proof_photos=[photos.photo_meta(photo) for photo in proofs],
        proof_note=body.note,
        service_minutes=body.service_minutes,
        claim_deadline_at=None,
    )
    photos.attach(proofs, wish.id)
    await repository.set_claim_status(session, wish.claim_id, "fulfilled", now)
    await announce(
        session,
        wish,
        WishFulfilled,
        wall="wish.fulfilled",
        now=now,
        base_url=settings.public_base_url,
        claim_id=str(wish.claim_id),
        claimer_id=wish.claimer_id,
        claimer_type=wish.claimer_type,
        service_minutes=body.service_minutes,
        owner_id=wish.submitted_by,
    )
    return wish


async def release_overdue_claims(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Put every wish whose claim passed its deadline back on the wall."""
    released = 0
    for wish in await repository.overdue_wishes(session, now):
        try:
            await _return_to_wall(session, wish, "expire", "expired", settings, now)
        except WishTransitionNotAllowed:
            continue  # fulfilled or withdrawn by its claimer a moment ago: nothing to release
        released += 1
    return released
