"""The claimed, fulfilled and confirmed events name the wish's owner (the account that
posted it, as "my wishes" counts it), so the notifications service can tell them; a claim
that waits for approval names them too once approved."""

import httpx
from fastapi import FastAPI
from test_lifecycle import events_about
from wish_world import Callers, open_wish

from weimin_events import payloads

THANKS = "谢谢你送来的米"
PROOF = {"proof_photo_url": "https://photos.example/proof.jpg"}


async def test_claimed_fulfilled_and_confirmed_name_the_owner(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")  # posted by worker-A
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(7))
    fulfil = await client.post(
        f"/v1/wishes/{wish['id']}/fulfil", json=PROOF, headers=callers.volunteer(7)
    )
    assert fulfil.status_code == 204, fulfil.text
    confirm = await client.post(
        f"/v1/wishes/{wish['id']}/confirm",
        json={"rating": 5, "thanks_message": THANKS},
        headers=callers.beneficiary("A"),
    )
    assert confirm.status_code == 200, confirm.text
    told = {
        kind: data
        for kind, data in await events_about(app, wish["id"])
        if kind
        in (
            payloads.WishClaimed.event_type,
            payloads.WishFulfilled.event_type,
            payloads.WishConfirmed.event_type,
        )
    }
    assert len(told) == 3
    assert {data["owner_id"] for data in told.values()} == {"worker-A"}
    assert {data["claimer_id"] for data in told.values()} == {"volunteer-7"}
    # The wish's own words never travel.
    assert all(wish["title"] not in str(data) for data in told.values())
    assert all(THANKS not in str(data) for data in told.values())


async def test_an_approved_claim_names_the_owner(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A", claim_approval="community")
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer())
    approved = await client.post(
        f"/v1/wishes/{wish['id']}/claim/approve", headers=callers.secretary("C1")
    )
    assert approved.status_code == 200, approved.text
    [claimed] = [
        data
        for kind, data in await events_about(app, wish["id"])
        if kind == payloads.WishClaimed.event_type
    ]
    assert claimed["owner_id"] == "worker-A"
