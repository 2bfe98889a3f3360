"""What the relay needs from a transport: publish a batch of events, each accepted or not."""

import asyncio
from collections.abc import Sequence
from typing import Protocol

from weimin_kit.events.envelope import CloudEvent


class DeliveryFailed(Exception):
    """The transport could not hand the event over; the relay retries it later."""


class Transport(Protocol):
    async def start(self) -> None: ...

    async def publish(self, event: CloudEvent) -> None:
        """Return once the event is durably accepted (2xx from every subscriber, or a
        JetStream ack); raise `DeliveryFailed` (or anything) otherwise."""
        ...

    async def publish_batch(self, events: Sequence[CloudEvent]) -> list[str | None]:
        """Each event's failure (None: durably accepted), in the events' order. The relay
        never puts two events of one subject in a batch."""
        ...

    async def close(self) -> None: ...


async def publish_each(transport: Transport, events: Sequence[CloudEvent]) -> list[str | None]:
    """A batch as one `publish` per event, all at once."""

    async def one(event: CloudEvent) -> str | None:
        try:
            await transport.publish(event)
        except Exception as exc:  # every failure is retried; the reason is kept on the row
            return failure_text(exc)
        return None

    return list(await asyncio.gather(*(one(event) for event in events)))


def failure_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000] or type(exc).__name__
