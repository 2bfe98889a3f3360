"""A person's own wishes: those they claimed (with the claim's deadline, never the
beneficiary's name) and those they submitted; nobody else's."""

import httpx
from wish_world import Callers, open_wish, personal_data_in, submit


async def test_claimed_wishes_are_the_claimers_own_with_public_cards(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    other = await open_wish(client, callers, "A")
    claim = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(1))
    assert claim.status_code == 201, claim.text
    taken = await client.post(f"/v1/wishes/{other['id']}/claim", headers=callers.volunteer(2))
    assert taken.status_code == 201, taken.text

    mine = await client.get("/v1/wishes/mine", headers=callers.volunteer(1))
    assert mine.status_code == 200, mine.text
    body = mine.json()
    assert [item["card"]["id"] for item in body] == [wish["id"]]
    assert body[0]["state"] == "claimed"
    assert body[0]["i_claimed"] is True
    assert body[0]["claim_deadline_at"] is not None
    assert not personal_data_in(body)

    one = await client.get(f"/v1/wishes/mine/{wish['id']}", headers=callers.volunteer(1))
    assert one.status_code == 200, one.text
    assert one.json()["i_claimed"] is True
    stranger = await client.get(f"/v1/wishes/mine/{wish['id']}", headers=callers.volunteer(2))
    assert stranger.status_code == 404
    assert stranger.json()["code"] == "wish-not-found"

    withdrawn = await client.post(
        f"/v1/wishes/{wish['id']}/claim/withdraw", headers=callers.volunteer(1)
    )
    assert withdrawn.status_code == 204, withdrawn.text
    assert (await client.get("/v1/wishes/mine", headers=callers.volunteer(1))).json() == []


async def test_submitted_wishes_are_the_submitters_own(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await submit(client, callers, "A")
    mine = await client.get(
        "/v1/wishes/mine", params={"relation": "submitted"}, headers=callers.grid_worker("A")
    )
    assert mine.status_code == 200, mine.text
    assert [item["card"]["id"] for item in mine.json()] == [wish["id"]]
    assert mine.json()[0]["state"] == "submitted"
    assert mine.json()[0]["i_submitted"] is True
    nobody = await client.get(
        "/v1/wishes/mine", params={"relation": "submitted"}, headers=callers.volunteer(1)
    )
    assert nobody.json() == []


async def test_my_wishes_need_a_signed_in_caller(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/wishes/mine")).status_code == 401


async def test_an_unknown_relation_or_id_is_refused_naming_the_field(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wrong = await client.get("/v1/wishes/mine?relation=adopted", headers=callers.volunteer(1))
    assert wrong.status_code == 422
    assert wrong.headers["content-type"].startswith("application/problem+json")
    assert "query.relation" in {error["field"] for error in wrong.json()["errors"]}
    bad_id = await client.get("/v1/wishes/mine/not-a-uuid", headers=callers.volunteer(1))
    assert bad_id.status_code == 422
    assert "path.wish_id" in {error["field"] for error in bad_id.json()["errors"]}
