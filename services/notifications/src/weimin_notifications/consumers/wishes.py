"""A wish's moves: its owner (the account that posted it) hears it was claimed and
fulfilled, the claimer that the owner confirmed it and said thanks. The wish's own words
are free text and stay out of every notice: an 8-character reference names it."""

from weimin_events.payloads import WishClaimed, WishConfirmed, WishFulfilled, WishPlace
from weimin_kit.events.envelope import CloudEvent
from weimin_notifications.consumers.telling import accounts, event_key, short_ref
from weimin_notifications.pipeline.decision import Decision


def _decision(
    kind: str,
    wish: WishPlace,
    claim_id: object,
    event: CloudEvent,
    recipients: list[str],
    link: str,
) -> Decision:
    return Decision(
        event_id=event_key(event),
        kind=kind,
        recipients=recipients,
        variables={"ref": short_ref(wish.wish_id)},
        link=link,
        data={"wish_id": str(wish.wish_id), "claim_id": str(claim_id)},
    )


def claimed(wish: WishClaimed, event: CloudEvent) -> list[Decision]:
    owner = accounts(wish.owner_id, besides=wish.claimer_id)
    link = f"/wishes/{wish.wish_id}"
    return [_decision("wish.claimed", wish, wish.claim_id, event, owner, link)]


def fulfilled(wish: WishFulfilled, event: CloudEvent) -> list[Decision]:
    owner = accounts(wish.owner_id, besides=wish.claimer_id)
    link = f"/wishes/{wish.wish_id}/confirm"  # where the owner confirms it
    return [_decision("wish.fulfilled", wish, wish.claim_id, event, owner, link)]


def thanked(wish: WishConfirmed, event: CloudEvent) -> list[Decision]:
    claimer = accounts(wish.claimer_id, besides=wish.owner_id)
    link = f"/wishes/{wish.wish_id}"
    return [_decision("wish.thanked", wish, wish.claim_id, event, claimer, link)]
