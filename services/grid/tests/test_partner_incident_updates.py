"""Incident assignments and status updates from the public-security partner: through the
incident workflow, on the timeline as the partner's, within its area and the shared
categories only, older than a person's change kept as ours, replayed by key."""

import uuid
from datetime import timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import report, walk
from sqlalchemy import select

from weimin_grid.webhooks.models import WebhookDelivery
from weimin_kit.types import utcnow

UPDATES = "/integration/v1/incidents/updates"
WRITE = ("integration:incidents.write", "integration:incidents.read", "integration:events.receive")
HAZARD = {"category_code": "0401", "title": "配电箱漏电", "extra": {"hazard": "electric"}}


def at(minutes: float) -> str:
    return (utcnow() + timedelta(minutes=minutes)).isoformat()


async def send(
    client: httpx.AsyncClient, headers: dict[str, str], records: list[Any], key: str | None = None
) -> httpx.Response:
    return await client.post(
        UPDATES,
        json={"records": records},
        headers={**headers, "Idempotency-Key": key or uuid.uuid4().hex},
    )


async def timeline(
    client: httpx.AsyncClient, callers: Callers, incident_id: str
) -> list[dict[str, Any]]:
    response = await client.get(f"/v1/incidents/{incident_id}/timeline", headers=callers.admin())
    assert response.status_code == 200, response.text
    lines: list[dict[str, Any]] = response.json()
    return lines


async def read(client: httpx.AsyncClient, callers: Callers, incident_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/incidents/{incident_id}", headers=callers.admin())
    body: dict[str, Any] = response.json()
    return body


async def test_the_partner_assigns_then_closes_and_its_webhooks_say_so(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    partner = callers.partner(scopes=WRITE)
    subscribed = await client.post(
        "/integration/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=partner
    )
    assert subscribed.status_code == 201, subscribed.text
    incident = await report(client, callers.community_secretary("C1"), "A", **HAZARD)
    assigned = {
        "incident_id": incident["id"],
        "partner_ref": "JQ-2026-0001",
        "state": "in_progress",
        "assigned_to": "下关派出所 张警官",
        "occurred_at": at(0),
    }
    first = await send(client, partner, [assigned])
    assert first.status_code == 200, first.text
    assert first.json()["results"][0] == {
        "index": 0, "partner_ref": "JQ-2026-0001", "outcome": "updated",
        "local_id": incident["id"], "applied_fields": ["state", "assigned_to"],
        "conflict_fields": [], "issues": [],
    }  # fmt: skip
    now_assigned = await read(client, callers, incident["id"])
    assert (now_assigned["state"], now_assigned["assignee"]) == ("assigned", "partner:police-1")

    # Later updates may name the incident by the partner's own reference only.
    closed = {
        "partner_ref": "JQ-2026-0001",
        "state": "closed",
        "note": "已处置",
        "occurred_at": at(0),
    }
    second = await send(client, partner, [closed])
    assert second.json()["counts"] == {"updated": 1}
    assert (await read(client, callers, incident["id"]))["state"] == "closed"

    lines = await timeline(client, callers, incident["id"])
    steps = [(line["action"], line["to_state"], line["actor"]) for line in lines]
    by_partner = "partner:police-1"
    assert steps[1:] == [
        ("accept", "accepted", by_partner),
        ("assign", "assigned", by_partner),
        ("start", "in_progress", by_partner),
        ("resolve", "resolved", by_partner),
        ("verify", "verified", by_partner),
        ("close", "closed", by_partner),
    ]
    assert lines[2]["data"]["assigned_to"] == "下关派出所 张警官"
    assert lines[2]["data"]["origin"] == "partner"
    assert lines[-1]["note"] == "已处置"

    # The partner's own steps come back marked as its own: it skips them, no loop.
    async with app.state.database.sessionmaker() as session:
        deliveries = (
            await session.scalars(
                select(WebhookDelivery)
                .where(WebhookDelivery.incident_id == uuid.UUID(incident["id"]))
                .order_by(WebhookDelivery.sequence)
            )
        ).all()
    origins = [(d.sequence, d.payload["data"]["origin"]) for d in deliveries]
    assert origins == [(1, "grid"), *((n, "partner") for n in range(2, 8))]
    assert {d.payload["data"].get("origin_client_id") for d in deliveries[1:]} == {"police-1"}


async def test_illegal_steps_and_incidents_not_shared_are_rejected_record_by_record(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    partner = callers.partner(scopes=WRITE)
    secretary = callers.community_secretary("C1")
    resolved = await walk(
        client, secretary, await report(client, secretary, "A", **HAZARD),
        "accept", "assign", "start", "resolve",
    )  # fmt: skip
    rubbish = await report(client, secretary, "A")  # a city-management category: not shared
    elsewhere = await report(client, callers.community_secretary("C3"), "D", **HAZARD)
    fresh = await report(client, secretary, "B", **HAZARD)
    before = await timeline(client, callers, resolved["id"])
    records = [
        {"incident_id": resolved["id"], "state": "escalated", "occurred_at": at(0)},
        {"incident_id": rubbish["id"], "state": "in_progress", "occurred_at": at(0)},
        {"incident_id": elsewhere["id"], "state": "in_progress", "occurred_at": at(0)},
        {"incident_id": str(uuid.uuid4()), "state": "in_progress", "occurred_at": at(0)},
        {"incident_id": fresh["id"], "state": "cancelled", "occurred_at": at(10)},
        {"incident_id": fresh["id"], "state": "resolved", "assigned_to": "某警官",
         "occurred_at": at(0)},
        {"partner_ref": "never-linked", "state": "closed", "occurred_at": at(0)},
        {"incident_id": fresh["id"], "state": "closed", "occurred_at": "2026-12-07T10:00:00"},
        {"incident_id": fresh["id"], "state": "new", "occurred_at": at(0)},
        {"incident_id": fresh["id"], "state": "cancelled", "occurred_at": at(0)},
    ]  # fmt: skip
    answer = (await send(client, partner, records)).json()
    issues = [
        (r["outcome"], r["issues"][0]["field"] if r["issues"] else None) for r in answer["results"]
    ]
    assert issues == [
        ("rejected", "state"),
        ("rejected", "incident_id"),
        ("rejected", "incident_id"),
        ("rejected", "incident_id"),
        ("rejected", "occurred_at"),
        ("rejected", "assigned_to"),
        ("rejected", "partner_ref"),
        ("rejected", "occurred_at"),  # no offset: whose clock?
        ("rejected", "state"),
        ("updated", None),
    ]
    # An incident of another area or category reads exactly as one that does not exist.
    assert len({str(r["issues"]) for r in answer["results"][1:4]}) == 1
    assert "resolved" in answer["results"][0]["issues"][0]["reason"]
    assert await timeline(client, callers, resolved["id"]) == before  # nothing half-written
    assert (await read(client, callers, fresh["id"]))["state"] == "rejected"


async def test_a_persons_later_change_wins_over_an_older_partner_update(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    partner = callers.partner(scopes=WRITE)
    secretary = callers.community_secretary("C1")
    incident = await walk(
        client, secretary, await report(client, secretary, "A", **HAZARD), "accept"
    )
    stale = {"incident_id": incident["id"], "partner_ref": "JQ-9", "state": "cancelled",
             "occurred_at": at(-30)}  # fmt: skip
    answer = (await send(client, partner, [stale])).json()["results"][0]
    assert (answer["outcome"], answer["conflict_fields"]) == ("conflict", ["state"])
    assert (await read(client, callers, incident["id"]))["state"] == "accepted"
    listed = await client.get("/v1/sync-conflicts", headers=secretary)
    assert [(c["kind"], c["local_id"]) for c in listed.json()["items"]] == [
        ("incident", incident["id"])
    ]
    # Newer than the person's step, it goes through.
    fresh = {**stale, "occurred_at": at(0)}
    assert (await send(client, partner, [fresh])).json()["counts"] == {"updated": 1}


async def test_a_replayed_batch_gets_the_same_answer_and_changes_nothing(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    partner = callers.partner(scopes=WRITE)
    incident = await report(client, callers.community_secretary("C1"), "A", **HAZARD)
    records = [{"incident_id": incident["id"], "state": "in_progress", "occurred_at": at(0)}]
    first = await send(client, partner, records, key="upd-0001")
    lines = await timeline(client, callers, incident["id"])
    replay = await send(client, partner, records, key="upd-0001")
    assert replay.headers.get("idempotent-replayed") == "true"
    assert replay.json() == first.json()
    assert await timeline(client, callers, incident["id"]) == lines
    missing_key = await client.post(UPDATES, json={"records": records}, headers=partner)
    assert missing_key.status_code == 428
    # Without the write scope: refused before anything is read.
    reader = callers.partner(scopes=("integration:incidents.read",))
    assert (await send(client, reader, records)).status_code == 403
