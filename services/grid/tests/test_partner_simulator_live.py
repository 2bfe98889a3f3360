"""The partner simulator (tools/partner_simulator) against the grid as a real process on a
socket: its batches get per-record answers, its receiver takes Standard Webhooks it
verifies itself, and while it refuses deliveries the grid retries until the event arrives,
taken once. A live process: run in CI's SQLite pass only; the exchange itself is tested on
both databases in process (test_integration_population.py, test_webhooks.py)."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from grid_live import migrated_database
from grid_world import Callers, build_world
from incident_helpers import report
from integration_helpers import home_address

from weimin_grid.app import create_app
from weimin_grid.config import Settings
from weimin_grid.webhooks import signing
from weimin_kit.testing import TestKeys
from weimin_kit.testing.databases import backend
from weimin_kit.testing.live import running_service
from weimin_partner_simulator.exchange import Exchange
from weimin_partner_simulator.receiver import Receiver, listening
from weimin_partner_simulator.simulator import Simulator
from weimin_partner_simulator.tokens import GivenToken

pytestmark = pytest.mark.skipif(
    backend() == "postgresql", reason="a live process: run in the SQLite pass"
)
SCOPES = (
    "integration:grid-units.read",
    "integration:addresses.read",
    "integration:addresses.write",
    "integration:population.write",
    "integration:incidents.read",
    "integration:incidents.write",
    "integration:events.receive",
)
HAZARD = {"category_code": "0401", "title": "配电箱漏电", "extra": {"hazard": "electric"}}
# Retries within the test's seconds: 0.3 s, then 0.6 s.
QUICK_WEBHOOKS = {
    "WEBHOOKS_ENABLED": "true",
    "WEBHOOK_POLL_SECONDS": "0.1",
    "WEBHOOK_BACKOFF_BASE_SECONDS": "0.3",
    "WEBHOOK_TIMEOUT_SECONDS": "2",
}


async def until(condition: Callable[[], bool], seconds: float = 8.0) -> None:
    async with asyncio.timeout(seconds):
        while not condition():  # noqa: ASYNC110 - set by a server thread and the grid's process
            await asyncio.sleep(0.05)


async def test_the_simulator_syncs_and_takes_each_event_once_through_refused_deliveries(
    tmp_path: Path, test_keys: TestKeys
) -> None:
    async with migrated_database("grid-partner-simulator", tmp_path) as url:
        # The scene on the committed database: four grids, two homes with standard addresses.
        app = create_app(Settings(database_url=url, environment="test"))
        async with app.router.lifespan_context(app):
            app.state.token_verifier.source = test_keys.key_source()
            world = await build_world(app)
            callers = Callers(test_keys, world)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://grid") as client:
                homes = {await home_address(client, world, callers, grid) for grid in "AB"}
        settings = {**QUICK_WEBHOOKS, "PHOTO_DIR": str(tmp_path / "photos")}
        async with (
            running_service(
                "weimin_grid", "WEIMIN_GRID_", database_url=url, keys=test_keys, settings=settings
            ) as grid_url,
            httpx.AsyncClient(timeout=10) as http,
            httpx.AsyncClient(base_url=grid_url, timeout=10) as staff,
        ):
            token = callers.partner("street:S1", SCOPES)["Authorization"].removeprefix("Bearer ")
            lines: list[str] = []
            simulator = Simulator(
                Exchange(grid_url, GivenToken(token), http),
                Receiver(say=lines.append),
                respond=True,
                say=lines.append,
            )
            pulled = await simulator.pull()
            assert {unit["properties"]["code"] for unit in pulled.grid_units} == {
                world.grid_codes[grid] for grid in "ABC"
            }
            assert {address["code"] for address in pulled.homes} == homes

            addresses = await simulator.push_addresses(pulled, seed=7, count=3)
            assert addresses.counts == {"unchanged": 2, "created": 3}
            people = await simulator.push_population(pulled, seed=7, count=10, invalid=1)
            assert people is not None
            assert people.counts == {"accepted": 9, "rejected": 1}
            assert people.results[0]["issues"][0]["field"] == "id_card_number"
            again = await simulator.push_population(pulled, seed=7, count=10, invalid=1)
            assert again is not None
            assert again.counts == {"unchanged": 9, "rejected": 1}
            assert not again.replayed  # a new key: answered afresh, not from the store

            receiver = simulator.receiver
            receiver.fail_for(deliveries=2)  # the first delivery is refused twice
            with listening(receiver) as endpoint:
                simulator.feed_from_receiver()
                subscription = await simulator.subscribe(endpoint)
                handling = asyncio.create_task(simulator.handle_events())
                try:
                    incident = await report(staff, callers.grid_worker("A"), "A", **HAZARD)
                    await until(lambda: any(h.answer for h in simulator.handled))
                    deliveries: list[dict[str, Any]] = []

                    async def all_delivered() -> bool:
                        deliveries[:] = await simulator.exchange.deliveries(subscription["id"])
                        return all(d["state"] == "delivered" for d in deliveries)

                    async with asyncio.timeout(8):
                        while not (await all_delivered() and len(deliveries) > 1):  # noqa: ASYNC110
                            await asyncio.sleep(0.1)
                    await simulator.settle()
                finally:
                    handling.cancel()
                    await simulator.unsubscribe()

    first = simulator.handled[0]
    assert (first.event.type, first.event.sequence) == ("incident.reported", 1)
    assert first.event.incident_id == incident["id"]
    assert first.detail is not None
    assert first.detail["title"] == "配电箱漏电"  # read with the simulator's own token
    assert first.answer is not None
    assert first.answer.counts == {"updated": 1}
    # Refused twice, taken on the third attempt, once.
    assert receiver.answered_500 == 2
    reported = next(d for d in deliveries if d["sequence"] == 1)
    assert reported["attempts"] == 3
    taken = [event.webhook_id for event in receiver.events]
    assert sorted(taken) == sorted(d["webhook_id"] for d in deliveries)
    assert len(taken) == len(set(taken))
    # The steps of its own assignment come back, in order, and are skipped as its own.
    assert [event.sequence for event in receiver.events] == list(range(1, len(taken) + 1))
    assert all(h.detail is None for h in simulator.handled[1:])
    assert (receiver.refused_signatures, receiver.out_of_order) == (0, 0)
    assert any("answered 500 (failing on command)" in line for line in lines)


def test_the_receiver_takes_a_redelivery_once_and_refuses_a_forged_signature() -> None:
    """What a lost answer looks like to the partner: the same `webhook-id` again."""
    secret = signing.new_secret()
    body = '{"type":"incident.reported","data":{"incident_id":"i-1","sequence":1}}'
    headers = signing.headers("msg_1", datetime.now(UTC), body, [secret])
    receiver = Receiver(secret=secret, say=lambda line: None)
    assert [receiver.receive(body.encode(), headers) for _ in range(2)] == [204, 204]
    assert (len(receiver.events), receiver.duplicates) == (1, 1)
    forged = signing.headers("msg_2", datetime.now(UTC), body, [signing.new_secret()])
    assert receiver.receive(body.encode(), forged) == 400
    assert receiver.refused_signatures == 1
