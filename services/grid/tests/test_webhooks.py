"""Outbound Standard Webhooks: signed, in order per incident, retried through an outage on
a simulated clock, held as dead letters after the retry window, redelivered by staff."""

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import events, report, walk

from weimin_events.payloads import WebhookDeadLettered
from weimin_grid.webhooks.dispatch import RetryPolicy, dispatch_once
from weimin_grid.webhooks.runner import dispatch_until
from weimin_kit.testing.webhook_receiver import Receiver, running_receiver
from weimin_kit.types import utcnow

EVENTS = ("integration:events.receive", "integration:incidents.read")
HAZARD = {"category_code": "0401", "title": "配电箱漏电", "extra": {"hazard": "electric"}}
POLICY = RetryPolicy(retry_hours=72, timeout_seconds=2, backoff_base_seconds=5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


async def subscribe(
    client: httpx.AsyncClient, callers: Callers, receiver: Receiver, area: str = "street:S1"
) -> dict[str, Any]:
    response = await client.post(
        "/integration/v1/webhooks",
        json={"url": receiver.url},
        headers=callers.partner(area, EVENTS),
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    receiver.secrets = [created["secret"]]
    return created


async def run_until(app: FastAPI, start: datetime, end: datetime, step_seconds: float) -> None:
    """Dispatch rounds at simulated moments from `start` to `end`."""
    now = start
    async with httpx.AsyncClient() as http:
        while now <= end:
            while await dispatch_once(
                app.state.database, app.state.field_cipher, http, now, POLICY
            ):
                pass
            now += timedelta(seconds=step_seconds)


def by_incident(kept: list[tuple[str, dict[str, Any]]]) -> dict[str, list[int]]:
    order: dict[str, list[int]] = {}
    for _, payload in kept:
        data = payload["data"]
        order.setdefault(data["incident_id"], []).append(data["sequence"])
    return order


async def test_an_outage_of_ten_minutes_loses_nothing_and_reorders_nothing(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers, receiver: Receiver
) -> None:
    await subscribe(client, callers, receiver)
    secretary = callers.community_secretary("C1")
    first = await report(client, secretary, "A", **HAZARD)
    second = await report(client, secretary, "B", **HAZARD)
    await walk(client, secretary, first, "accept", "assign", "start")
    receiver.down = True
    start = utcnow()
    await run_until(app, start, start + timedelta(minutes=10), step_seconds=10)
    assert receiver.kept == []
    assert {status for _, status in receiver.arrivals} == {503}
    # Back up; the first delivery it takes has its answer lost, so it comes again.
    receiver.down = False
    head = receiver.arrivals[0][0]
    receiver.lose_answer_once.add(head)
    await run_until(
        app, start + timedelta(minutes=10), start + timedelta(minutes=30), step_seconds=15
    )

    kept_ids = [message_id for message_id, _ in receiver.kept]
    assert len(kept_ids) == len(set(kept_ids)) == 5  # 2 reports + accept, assign, start
    assert by_incident(receiver.kept) == {first["id"]: [1, 2, 3, 4], second["id"]: [1]}
    assert sum(1 for message_id, status in receiver.arrivals if message_id == head) > 2
    assert receiver.refused_signatures == 0
    # An incident's event is sent only once the one before it was taken, outage or not.
    assert receiver.out_of_order == 0
    states = await client.get(
        "/v1/webhook-deliveries", params={"state": "delivered"}, headers=secretary
    )
    assert len(states.json()["items"]) == 5


async def test_a_payload_is_thin_and_the_details_need_the_partners_own_read(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers, receiver: Receiver
) -> None:
    await subscribe(client, callers, receiver)
    incident = await report(client, callers.grid_worker("A"), "A", caller_name="王大妈", **HAZARD)
    await run_until(app, utcnow(), utcnow(), step_seconds=1)
    ((_, payload),) = receiver.kept
    assert payload["type"] == "incident.reported"
    assert payload["data"]["exchange_state"] == "new"
    assert "王大妈" not in str(payload)
    assert "title" not in payload["data"]
    details = await client.get(
        f"/integration/v1/incidents/{incident['id']}", headers=callers.partner(scopes=EVENTS)
    )
    assert details.status_code == 200, details.text
    assert details.json()["title"] == "配电箱漏电"
    assert "王大妈" not in details.text
    assert "worker-A" not in details.text
    elsewhere = await client.get(
        f"/integration/v1/incidents/{incident['id']}",
        headers=callers.partner("street:S2", EVENTS),
    )
    assert elsewhere.status_code == 404


async def test_only_public_security_incidents_in_the_partners_area_are_sent(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers, receiver: Receiver
) -> None:
    await subscribe(client, callers, receiver, area="community:C1")
    await report(client, callers.admin(), "A")  # rubbish: not the police's business
    await report(client, callers.admin(), "C", **HAZARD)  # community C2
    inside = await report(client, callers.admin(), "B", **HAZARD)
    await run_until(app, utcnow(), utcnow(), step_seconds=1)
    assert [payload["data"]["incident_id"] for _, payload in receiver.kept] == [inside["id"]]


async def test_a_rotated_secret_signs_beside_the_new_one_until_the_overlap_ends(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers, receiver: Receiver
) -> None:
    created = await subscribe(client, callers, receiver)
    old = receiver.secrets[0]
    rotated = await client.post(
        f"/integration/v1/webhooks/{created['id']}/secret/rotate",
        headers=callers.partner(scopes=EVENTS),
    )
    assert rotated.status_code == 200, rotated.text
    new = rotated.json()["secret"]
    until = datetime.fromisoformat(rotated.json()["previous_valid_until"])
    await report(client, callers.admin(), "A", **HAZARD)
    receiver.secrets = [old]  # a partner that has not switched yet
    await run_until(app, utcnow(), utcnow(), step_seconds=1)
    assert len(receiver.kept) == 1
    await report(client, callers.admin(), "B", **HAZARD)
    await run_until(app, until + timedelta(seconds=1), until + timedelta(seconds=1), 1)
    assert len(receiver.kept) == 1
    assert receiver.refused_signatures == 1
    receiver.secrets = [new]
    await run_until(app, until + timedelta(minutes=5), until + timedelta(minutes=5), 1)
    assert len(receiver.kept) == 2


async def test_after_the_retry_window_a_dead_letter_waits_for_staff_to_redeliver(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers, receiver: Receiver
) -> None:
    await subscribe(client, callers, receiver)
    await report(client, callers.admin(), "A", **HAZARD)
    receiver.down = True
    start = utcnow()
    await run_until(app, start, start + timedelta(hours=73), step_seconds=1800)
    secretary = callers.community_secretary("C1")
    dead = (await client.get("/v1/webhook-deliveries", params={"state": "dead"},
                             headers=secretary)).json()["items"]  # fmt: skip
    assert len(dead) == 1
    assert dead[0]["last_error"] == "answered 503"
    attempts = await client.get(
        f"/v1/webhook-deliveries/{dead[0]['id']}/attempts", headers=secretary
    )
    assert len(attempts.json()) == dead[0]["attempts"] > 5
    # Another community's secretary sees no such delivery.
    other = callers.community_secretary("C3")
    assert (await client.get("/v1/webhook-deliveries", headers=other)).json()["items"] == []
    hidden = await client.post(f"/v1/webhook-deliveries/{dead[0]['id']}/redeliver", headers=other)
    assert hidden.status_code == 404
    receiver.down = False
    redelivered = await client.post(
        f"/v1/webhook-deliveries/{dead[0]['id']}/redeliver", headers=secretary
    )
    assert redelivered.json()["state"] == "pending"
    await run_until(app, utcnow(), utcnow(), step_seconds=1)
    assert [message_id for message_id, _ in receiver.kept] == [dead[0]["webhook_id"]]


@pytest.mark.parametrize(
    ("url", "reason_field"),
    [("http://partner.example/hook", "body.url"), ("ftp://127.0.0.1/x", "body.url")],
)
async def test_an_endpoint_must_be_https_except_on_this_machine(
    client: httpx.AsyncClient, world: World, callers: Callers, url: str, reason_field: str
) -> None:
    response = await client.post(
        "/integration/v1/webhooks", json={"url": url}, headers=callers.partner(scopes=EVENTS)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == reason_field


async def test_subscriptions_need_the_events_scope_and_stay_the_clients_own(
    client: httpx.AsyncClient, world: World, callers: Callers, receiver: Receiver
) -> None:
    body = {"url": receiver.url}
    assert (await client.post("/integration/v1/webhooks", json=body,
                              headers=callers.admin())).status_code == 401  # fmt: skip
    no_scope = callers.partner(scopes=("integration:grid-units.read",))
    assert (await client.post("/integration/v1/webhooks", json=body,
                              headers=no_scope)).status_code == 403  # fmt: skip
    created = await subscribe(client, callers, receiver)
    stranger = callers.partner(scopes=EVENTS, client="other-client")
    assert (await client.get("/integration/v1/webhooks", headers=stranger)).json() == []
    gone = await client.delete(f"/integration/v1/webhooks/{created['id']}", headers=stranger)
    assert gone.status_code == 404
    for _ in range(4):
        await subscribe(client, callers, receiver)
    sixth = await client.post("/integration/v1/webhooks", json=body,
                              headers=callers.partner(scopes=EVENTS))  # fmt: skip
    assert sixth.status_code == 409


async def test_the_dispatcher_as_a_process_of_its_own_sends_and_stops(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers, receiver: Receiver
) -> None:
    """`python -m weimin_grid dispatch-webhooks`'s loop (the test's app runs no dispatcher
    of its own): sends what is due on the wall clock, stops when told."""
    await subscribe(client, callers, receiver)
    incident = await report(client, callers.community_secretary("C1"), "A", **HAZARD)
    stopping = asyncio.Event()
    running = asyncio.create_task(
        dispatch_until(app.state.database, app.state.field_cipher, POLICY, 0.05, stopping)
    )
    for _ in range(100):
        if receiver.kept:
            break
        await asyncio.sleep(0.05)
    stopping.set()
    await asyncio.wait_for(running, timeout=5)
    assert [payload["data"]["incident_id"] for _, payload in receiver.kept] == [incident["id"]]


async def test_a_dead_letter_is_recorded_as_an_event_for_staff_to_be_told(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers, receiver: Receiver
) -> None:
    subscription = await subscribe(client, callers, receiver)
    await report(client, callers.admin(), "A", **HAZARD)
    receiver.down = True
    start = utcnow()
    await run_until(app, start, start + timedelta(hours=24), step_seconds=1800)
    secretary = callers.community_secretary("C1")
    pending = (await client.get("/v1/webhook-deliveries", headers=secretary)).json()["items"]
    assert await events(app, pending[0]["id"]) == []  # still retrying: nothing to tell
    await run_until(app, start + timedelta(hours=24), start + timedelta(hours=73), 1800)
    [dead] = (
        await client.get("/v1/webhook-deliveries", params={"state": "dead"}, headers=secretary)
    ).json()["items"]
    [(kind, data)] = await events(app, dead["id"])
    assert kind == WebhookDeadLettered.event_type
    assert data == {
        "subscription_id": subscription["id"],
        "client_id": "police-1",  # the partner token's client (grid_world)
        "delivery_id": dead["id"],
        "attempts": dead["attempts"],
    }
