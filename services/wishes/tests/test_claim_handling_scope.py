import httpx
from wish_world import Callers, open_wish, submit


async def test_claim_list_is_staff_only_and_scoped(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer())
    own = await client.get(f"/v1/wishes/{wish['id']}/claims", headers=callers.grid_worker("A"))
    other = await client.get(f"/v1/wishes/{wish['id']}/claims", headers=callers.grid_worker("C"))
    claimer = await client.get(f"/v1/wishes/{wish['id']}/claims", headers=callers.volunteer())
    assert (own.status_code, other.status_code, claimer.status_code) == (200, 404, 403)
    assert [c["claimer_id"] for c in own.json()] == ["volunteer-1"]


async def test_claim_decisions_belong_to_the_wish_community(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A", claim_approval="community")
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer())
    elsewhere = await client.post(
        f"/v1/wishes/{wish['id']}/claim/approve", headers=callers.secretary("C2")
    )
    worker = await client.post(
        f"/v1/wishes/{wish['id']}/claim/decline", headers=callers.grid_worker("A")
    )
    assert (elsewhere.status_code, worker.status_code) == (404, 403)
    state = await client.get(f"/v1/wishes/{wish['id']}", headers=callers.admin())
    assert state.json()["state"] == "claim_pending"


async def test_approving_a_claim_that_is_not_pending_is_refused(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    response = await client.post(
        f"/v1/wishes/{wish['id']}/claim/approve", headers=callers.secretary("C1")
    )
    assert (response.status_code, response.json()["code"]) == (409, "wish-transition-not-allowed")


async def test_cancel_needs_a_reason(client: httpx.AsyncClient, callers: Callers) -> None:
    wish = await submit(client, callers, "A")
    response = await client.post(
        f"/v1/wishes/{wish['id']}/cancel", json={}, headers=callers.grid_worker("A")
    )
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "body.reason")


async def test_fulfilment_needs_a_proof_photo(client: httpx.AsyncClient, callers: Callers) -> None:
    wish = await open_wish(client, callers, "A")
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer())
    missing = await client.post(
        f"/v1/wishes/{wish['id']}/fulfil", json={}, headers=callers.volunteer()
    )
    bad = await client.post(
        f"/v1/wishes/{wish['id']}/fulfil",
        json={"proof_photo_url": "javascript:alert(1)"},
        headers=callers.volunteer(),
    )
    assert (missing.status_code, bad.status_code) == (422, 422)
    assert bad.json()["errors"][0]["field"] == "body.proof_photo_url"


async def test_claim_withdrawal_of_a_hidden_wish_is_not_found(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    hidden = await submit(client, callers, "A")
    response = await client.post(
        f"/v1/wishes/{hidden['id']}/claim/withdraw", headers=callers.volunteer()
    )
    assert (response.status_code, response.json()["code"]) == (404, "wish-not-found")


async def test_kiosk_self_needs_its_key(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/wall/kiosk")
    assert response.status_code == 401


async def test_exports_stay_within_scope(client: httpx.AsyncClient, callers: Callers) -> None:
    await open_wish(client, callers, "A")
    await open_wish(client, callers, "C")
    csv_text = (
        await client.get("/v1/wish-statistics/export.csv", headers=callers.secretary("C2"))
    ).content.decode("utf-8-sig")
    assert str(callers.world.communities["C2"]) in csv_text
    assert str(callers.world.communities["C1"]) not in csv_text
    refused = await client.get("/v1/wish-statistics/export.xlsx", headers=callers.volunteer())
    assert refused.status_code == 403


async def test_exports_need_a_sign_in_with_the_second_factor(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    password_only = callers.keys.headers(roles=["admin"], amr=["pwd"])
    for path in ("/v1/wish-statistics/export.csv", "/v1/wish-statistics/export.xlsx"):
        refused = await client.get(path, headers=password_only)
        assert refused.status_code == 403
        assert refused.json()["code"] == "second-factor-sign-in-required"
    strong = callers.keys.headers(roles=["admin"])
    assert (await client.get("/v1/wish-statistics/export.csv", headers=strong)).status_code == 200
