"""The shape every telling consumer shares: an event becomes zero or more decisions, each
written through the pipeline in the inbox transaction (a replay tells nobody twice: the
pipeline keys notices by event, recipient and kind)."""

from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import Payload
from weimin_kit.clock import now_of
from weimin_kit.events.envelope import CloudEvent
from weimin_notifications.pipeline.decision import Decision
from weimin_notifications.pipeline.plan import tell

P = TypeVar("P", bound=Payload)
Decide = Callable[[P, CloudEvent], Iterable[Decision]]
Apply = Callable[[AsyncSession, P, CloudEvent], Awaitable[None]]


def event_key(event: CloudEvent) -> str:
    return f"{event.source}#{event.id}"


def short_ref(value: object) -> str:
    """The id's last 8 characters: what a person reads out on the phone."""
    return str(value)[-8:]


def accounts(*subjects: str | None, besides: str | None = None) -> list[str]:
    """The named accounts, without blanks and without `besides` (nobody is told of their
    own step)."""
    return [s for s in dict.fromkeys(subjects) if s and s != besides]


def telling(app: FastAPI, decide: Decide[P]) -> Apply[P]:
    async def apply(session: AsyncSession, payload: P, event: CloudEvent) -> None:
        for decision in decide(payload, event):
            if decision.recipients:
                await tell(session, decision, app.state.channels, now_of(app))

    return apply
