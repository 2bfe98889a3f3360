"""What the public-security system does, step by step: pull the area's grid units and
addresses, push its own addresses and people, take Weimin's incident events and, asked to,
answer a new incident with an assignment of its own (the two-way loop)."""

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from weimin_partner_simulator.exchange import BatchAnswer, Exchange
from weimin_partner_simulator.generate import (
    OWN_CODE_PREFIX,
    address_records,
    population_records,
)
from weimin_partner_simulator.receiver import Event, Receiver
from weimin_partner_simulator.tokens import claims_of

#: The public-security categories the exchange shares (docs/partners.md, webhooks).
PUBLIC_SECURITY = ("0401", "0502", "9101", "9401")
POLICE_UNIT = "下关派出所 值班民警"


@dataclass
class Pulled:
    grid_units: list[dict[str, Any]]
    addresses: list[dict[str, Any]]

    @property
    def homes(self) -> list[dict[str, Any]]:
        """Weimin's home addresses, not those this simulator sent: the same seed then picks
        the same homes on every run, before or after its addresses are stored."""
        return [
            address
            for address in self.addresses
            if address.get("level") == "home" and not address["code"].startswith(OWN_CODE_PREFIX)
        ]


@dataclass
class Handled:
    event: Event
    detail: dict[str, Any] | None
    answer: BatchAnswer | None = None


@dataclass
class Simulator:
    exchange: Exchange
    receiver: Receiver = field(default_factory=Receiver)
    respond: bool = False
    handles: tuple[str, ...] = PUBLIC_SECURITY
    say: Callable[[str], None] = lambda line: print(line, flush=True)
    handled: list[Handled] = field(default_factory=list)
    subscription: dict[str, Any] | None = None
    _queue: asyncio.Queue[Event] = field(default_factory=asyncio.Queue)

    async def own_client_id(self) -> str:
        token = await self.exchange.tokens.token(self.exchange.http)
        return str(claims_of(token).get("sub", "")).removeprefix("partner:")

    async def pull(self) -> Pulled:
        units = (await self.exchange.grid_units())["features"]
        names = ", ".join(unit["properties"]["name"] for unit in units[:5])
        more = f" … (+{len(units) - 5})" if len(units) > 5 else ""
        self.say(f"[pull] grid units: {len(units)} ({names}{more})")
        addresses = await self.exchange.addresses()
        pulled = Pulled(units, addresses)
        self.say(f"[pull] standard addresses: {len(addresses)} ({len(pulled.homes)} homes)")
        return pulled

    async def push_addresses(self, pulled: Pulled, seed: int, count: int) -> BatchAnswer:
        records = address_records(seed, pulled.grid_units, pulled.addresses, count)
        answer = await self.exchange.push_addresses(records, f"addr-{seed}-{uuid.uuid4().hex}")
        self.say(f"[push] addresses  {answer.summary()}")
        self._show_issues(answer)
        return answer

    async def push_population(
        self, pulled: Pulled, seed: int, count: int, invalid: int = 0
    ) -> BatchAnswer | None:
        records = population_records(seed, pulled.homes, count, invalid)
        if not records:
            self.say("[push] population: no home addresses in the area, nothing to send")
            return None
        answer = await self.exchange.push_population(records, f"pop-{seed}-{uuid.uuid4().hex}")
        self.say(f"[push] population {answer.summary()}")
        self._show_issues(answer)
        return answer

    def _show_issues(self, answer: BatchAnswer, most: int = 3) -> None:
        shown = 0
        for result in answer.results:
            if result["outcome"] in ("conflict", "rejected") and shown < most:
                where = result.get("index", result.get("row"))
                reasons = "; ".join(
                    f"{issue['field']}: {issue['reason']}" for issue in result.get("issues", [])
                ) or ", ".join(result.get("conflict_fields", []))
                self.say(f"        #{where} {result['outcome']}: {reasons}")
                shown += 1

    async def subscribe(self, url: str) -> dict[str, Any]:
        """Subscribes `url` and gives the receiver the secret (shown this once)."""
        created = await self.exchange.subscribe(url)
        self.receiver.secret = created["secret"]
        self.subscription = created
        self.say(f"[webhooks] subscribed {url} (subscription {created['id']})")
        return created

    async def unsubscribe(self) -> None:
        if self.subscription is not None:
            await self.exchange.unsubscribe(self.subscription["id"])
            self.say(f"[webhooks] unsubscribed {self.subscription['id']}")
            self.subscription = None

    def feed_from_receiver(self) -> None:
        """Hand the receiver's events (its server thread) to this loop's handling."""
        loop = asyncio.get_running_loop()

        def enqueue(event: Event) -> None:
            loop.call_soon_threadsafe(self._queue.put_nowait, event)

        self.receiver.on_event = enqueue

    async def handle_events(self) -> None:
        """Handles events as they come, until cancelled."""
        own = await self.own_client_id()
        while True:
            event = await self._queue.get()
            try:
                await self._handle(event, own)
            except Exception as failed:  # one bad event must not stop the rest
                self.say(f"[event] {event.webhook_id}: handling failed: {failed}")
            finally:
                self._queue.task_done()

    async def settle(self, within: float = 5.0) -> None:
        """Wait until every queued event was handled."""
        async with asyncio.timeout(within):
            await self._queue.join()

    async def _handle(self, event: Event, own: str) -> None:
        data = event.data
        head = (
            f"[event] {event.type:<22} incident …{event.incident_id[-8:]} #{event.sequence} "
            f"{data.get('category_code')} {data.get('state')}/{data.get('exchange_state')}"
        )
        if data.get("origin") == "partner" and data.get("origin_client_id") == own:
            self.say(f"{head}  (our own update, skipped)")
            self.handled.append(Handled(event, None))
            return
        # The payload is thin: what happened is read with our own token.
        detail = await self.exchange.incident(event.incident_id)
        self.say(f"{head}  「{detail['title']}」 {detail['grid_unit_code']}")
        handled = Handled(event, detail)
        self.handled.append(handled)
        reported = event.type == "incident.reported"
        if self.respond and reported and data.get("category_code") in self.handles:
            handled.answer = await self.assign(event.incident_id)

    async def assign(self, incident_id: str) -> BatchAnswer:
        record = {
            "incident_id": incident_id,
            # Our ids are time-ordered: their tail tells two apart, their head does not.
            "partner_ref": "JQ-" + incident_id.replace("-", "")[-12:].upper(),
            "state": "in_progress",
            "assigned_to": POLICE_UNIT,
            "note": "已派警 (simulated)",
            "occurred_at": datetime.now(UTC).isoformat(),
        }
        answer = await self.exchange.send_incident_updates([record])
        self.say(f"[respond] assigned to {POLICE_UNIT}: {answer.summary()}")
        self._show_issues(answer)
        return answer

    def report(self) -> str:
        received = self.receiver
        return (
            f"[summary] events taken {len(received.events)}, duplicates {received.duplicates}, "
            f"answered 500 {received.answered_500}, bad signatures "
            f"{received.refused_signatures}, out of order {received.out_of_order}"
        )
