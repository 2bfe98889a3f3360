"""What the relay needs from a transport: publish one event, or raise."""

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

    async def close(self) -> None: ...
