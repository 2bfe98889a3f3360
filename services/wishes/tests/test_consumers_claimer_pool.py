"""The wishes service's part of the events between services: a member who reported to a
community joins that community's claimer pool, and claims that community's wishes as a
member, without waiting for approval."""

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from wish_world import Callers, open_wish

from weimin_events import payloads
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.http import HttpTransport
from weimin_kit.events.inbox import apply_event
from weimin_kit.settings import DEV_EVENTS_SECRET

MEMBER_REPORTED = payloads.MemberReported.event_type


def reported(
    callers: Callers,
    community: str = "C1",
    street: str = "S1",
    *,
    account_id: uuid.UUID | None = None,
    member_id: uuid.UUID | None = None,
    pledge_areas: tuple[str, ...] = ("public_welfare",),
) -> CloudEvent:
    data: dict[str, Any] = {
        "report_id": str(uuid.uuid4()),
        "member_id": str(member_id or uuid.uuid4()),
        "person_id": str(uuid.uuid4()),
        "community_id": str(callers.world.communities[community]),
        "street_id": str(callers.world.streets[street]),
        "pledge_areas": list(pledge_areas),
        "account_id": None if account_id is None else str(account_id),
    }
    return CloudEvent(
        specversion="1.0",
        id=uuid.uuid4().hex,
        source="/weimin/org-registry",
        type=MEMBER_REPORTED,
        subject=data["report_id"],
        data=data,
    )


async def apply(app: FastAPI, event: CloudEvent) -> str:
    return await apply_event(app.state.database, app.state.event_handlers, event)


async def pool(
    client: httpx.AsyncClient, headers: dict[str, str], community: uuid.UUID | None = None
) -> list[dict[str, Any]]:
    query = "" if community is None else f"?community_id={community}"
    response = await client.get(f"/v1/claimer-pool{query}", headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def pooled_caller(callers: Callers, account_id: uuid.UUID, *roles: str) -> dict[str, str]:
    """A signed-in reported member: their token need not say `member`."""
    return callers.keys.headers(roles=list(roles), subject=str(account_id), name="杨党员")


async def test_a_reported_member_joins_their_communitys_pool_once(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers
) -> None:
    account_id, member_id = uuid.uuid4(), uuid.uuid4()
    event = reported(
        callers,
        account_id=account_id,
        member_id=member_id,
        pledge_areas=("public_welfare", "environment"),
    )

    assert await apply(app, event) == "applied"
    assert await apply(app, event) == "duplicate"
    # The same member told again under another event id stays one row, refreshed.
    again = reported(callers, account_id=account_id, member_id=member_id, pledge_areas=("economy",))
    assert await apply(app, again) == "applied"

    c1 = callers.world.communities["C1"]
    [entry] = await pool(client, callers.secretary("C1"), c1)
    assert (entry["member_id"], entry["account_id"], entry["community_id"]) == (
        str(member_id),
        str(account_id),
        str(c1),
    )
    assert (entry["report_id"], entry["pledge_areas"]) == (again.data["report_id"], ["economy"])


async def test_the_pool_is_seen_by_the_staff_of_its_community_only(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers
) -> None:
    await apply(app, reported(callers, "C1", "S1", account_id=uuid.uuid4()))
    await apply(app, reported(callers, "C3", "S2"))
    c1, c3 = callers.world.communities["C1"], callers.world.communities["C3"]

    assert [e["community_id"] for e in await pool(client, callers.secretary("C1"))] == [str(c1)]
    assert [e["community_id"] for e in await pool(client, callers.street_secretary("S1"))] == [
        str(c1)
    ]
    assert {e["community_id"] for e in await pool(client, callers.admin())} == {str(c1), str(c3)}
    # Another community's pool is absent, asked for or not.
    assert await pool(client, callers.secretary("C2"), c1) == []
    assert await pool(client, callers.street_secretary("S2"), c1) == []
    assert await pool(client, callers.grid_worker("A")) == []
    refused = await client.get("/v1/claimer-pool", headers=callers.member())
    assert refused.status_code == 403
    assert (await client.get("/v1/claimer-pool")).status_code == 401
    bad = await client.get("/v1/claimer-pool?community_id=nope", headers=callers.admin())
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "query.community_id")


async def test_signed_deliveries_apply_and_unsigned_or_poison_ones_do_not(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers
) -> None:
    signer = HttpTransport(client, {}, lambda _t: (), DEV_EVENTS_SECRET)
    good = reported(callers, account_id=uuid.uuid4())
    body = good.to_json()
    broken = dict(good.data)
    del broken["community_id"]
    poison = CloudEvent(
        specversion="1.0",
        id="poison-1",
        source="/weimin/org-registry",
        type=MEMBER_REPORTED,
        data=broken,
    ).to_json()

    assert (await client.post("/v1/events", content=body)).status_code == 401
    rejected = await client.post(
        "/v1/events", content=poison, headers=signer._signature("poison-1", poison)
    )
    assert (rejected.status_code, rejected.json()["code"]) == (422, "event-rejected")
    assert await pool(client, callers.admin()) == []

    accepted = await client.post(
        "/v1/events", content=body, headers=signer._signature(good.id, body)
    )
    assert accepted.status_code == 204
    assert [e["member_id"] for e in await pool(client, callers.admin())] == [good.data["member_id"]]


async def test_a_pool_member_claims_their_communitys_wish_as_a_member_at_once(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers
) -> None:
    account_id = uuid.uuid4()
    await apply(app, reported(callers, "C1", account_id=account_id))
    wish = await open_wish(client, callers, "A", claim_rule="members", claim_approval="community")
    # A volunteer login: being in the pool is what makes them a member here.
    claimer = pooled_caller(callers, account_id, "volunteer")

    claim = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=claimer)
    assert claim.status_code == 201, claim.text
    assert (claim.json()["claimer_type"], claim.json()["status"]) == ("member", "active")
    now = await client.get(f"/v1/wishes/{wish['id']}", headers=callers.secretary("C1"))
    assert now.json()["state"] == "claimed"


async def test_outside_their_pool_a_members_claim_waits_for_approval_as_before(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers
) -> None:
    account_id = uuid.uuid4()
    await apply(app, reported(callers, "C1", account_id=account_id))
    # Another community's wish, and a member in no pool at all.
    elsewhere = await open_wish(client, callers, "C", claim_approval="community")
    claimer = pooled_caller(callers, account_id, "volunteer")
    claim = await client.post(f"/v1/wishes/{elsewhere['id']}/claim", headers=claimer)
    assert (claim.json()["claimer_type"], claim.json()["status"]) == ("volunteer", "pending")
    members_only = await open_wish(client, callers, "C", claim_rule="members")
    refused = await client.post(f"/v1/wishes/{members_only['id']}/claim", headers=claimer)
    assert (refused.status_code, refused.json()["code"]) == (403, "claim-rule-not-met")

    home = await open_wish(client, callers, "B", claim_approval="community")
    stranger = await client.post(
        f"/v1/wishes/{home['id']}/claim", headers=pooled_caller(callers, uuid.uuid4(), "member")
    )
    assert (stranger.json()["claimer_type"], stranger.json()["status"]) == ("member", "pending")


async def test_a_pool_member_without_a_login_claims_nothing_for_anyone(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers
) -> None:
    await apply(app, reported(callers, "C1", account_id=None))
    wish = await open_wish(client, callers, "A", claim_approval="community")
    claim = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(3))
    assert (claim.json()["claimer_type"], claim.json()["status"]) == ("volunteer", "pending")
