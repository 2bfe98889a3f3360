"""Volunteers' events as the volunteers service records them, for the notifications tests."""

import uuid
from datetime import datetime

from weimin_events.payloads import (
    HoursCredited,
    Payload,
    ShiftSignedUp,
    ShiftSignupCancelled,
    TaskOffered,
)
from weimin_kit.events.envelope import CloudEvent

SOURCE = "/weimin/volunteers"


def envelope(payload: Payload, subject: uuid.UUID) -> CloudEvent:
    return CloudEvent(
        specversion="1.0",
        id=uuid.uuid4().hex,
        source=SOURCE,
        type=payload.event_type,
        subject=str(subject),
        data=payload.model_dump(mode="json"),
    )


def signup_events(account: str, starts: datetime, ends: datetime) -> tuple[CloudEvent, CloudEvent]:
    """A confirmed place and, to apply or not, its cancellation."""
    fields = {
        "signup_id": uuid.uuid4(),
        "volunteer_id": uuid.uuid4(),
        "account_id": uuid.UUID(account),
        "activity_id": uuid.uuid4(),
        "shift_id": uuid.uuid4(),
        "starts_at": starts,
        "ends_at": ends,
    }
    signed = ShiftSignedUp.model_validate(fields)
    cancelled = ShiftSignupCancelled.model_validate(fields)
    return envelope(signed, signed.shift_id), envelope(cancelled, cancelled.shift_id)


def offer_event(account: str, expires_at: datetime) -> CloudEvent:
    offer = TaskOffered(
        task_id=uuid.uuid4(),
        volunteer_id=uuid.uuid4(),
        rank=1,
        account_id=uuid.UUID(account),
        expires_at=expires_at,
    )
    return envelope(offer, offer.task_id)


def hours_event(account: str, minutes: int) -> CloudEvent:
    credited = HoursCredited(
        volunteer_id=uuid.uuid4(),
        entry_id=uuid.uuid4(),
        minutes=minutes,
        kind="manual" if minutes > 0 else "reversal",
        account_id=uuid.UUID(account),
    )
    return envelope(credited, credited.volunteer_id)
