from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from wish_world import Callers, open_wish, submit

from weimin_events import payloads
from weimin_wishes.models import Base


async def events_about(app: FastAPI, wish_id: str) -> list[tuple[str, dict[str, Any]]]:
    table = Base.metadata.tables["outbox_events"]
    async with app.state.database.sessionmaker() as session:
        rows = await session.execute(
            select(table.c.type, table.c.data)
            .where(table.c.subject == wish_id)
            .order_by(table.c.id)
        )
        return [(row.type, row.data) for row in rows]


async def test_grid_worker_submits_a_wish_that_waits_for_review(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    wish = await submit(client, callers, "A")
    assert wish["state"] == "submitted"
    assert wish["beneficiary"] == {
        "kind": "individual",
        "resident_id": str(callers.world.residents["A"]),
        "name": "张秀英",
        "public_name": "张奶奶",
    }
    assert wish["published_at"] is None
    wall = await client.get("/v1/wall/wishes")
    assert wall.json()["items"] == []
    assert await events_about(app, wish["id"]) == [
        (
            payloads.WishSubmitted.event_type,
            {
                "wish_id": wish["id"],
                "street_id": str(callers.world.streets["S1"]),
                "community_id": str(callers.world.communities["C1"]),
                "grid_unit_id": str(callers.world.grids["A"]),
            },
        ),
    ]


async def test_compound_surname_keeps_both_characters_on_the_wall(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "D")
    assert wish["beneficiary"]["public_name"] == "欧阳奶奶"
    card = (await client.get(f"/v1/wall/wishes/{wish['id']}")).json()
    assert card["beneficiary"] == "欧阳奶奶"


async def test_approved_wish_is_published_on_the_wall(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    assert wish["state"] == "open"
    items = (await client.get("/v1/wall/wishes")).json()["items"]
    assert [(item["id"], item["state"], item["beneficiary"]) for item in items] == [
        (wish["id"], "open", "张奶奶")
    ]
    types = [event_type for event_type, _ in await events_about(app, wish["id"])]
    assert types == [payloads.WishSubmitted.event_type, payloads.WishPublished.event_type]


async def test_rejected_wish_carries_its_reason_and_stays_off_the_wall(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await submit(client, callers, "B")
    response = await client.post(
        f"/v1/wishes/{wish['id']}/review",
        json={"decision": "reject", "reason": "已由民政救助覆盖"},
        headers=callers.secretary("C1"),
    )
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["rejection_reason"]) == (
        "rejected",
        "已由民政救助覆盖",
    )
    assert (await client.get("/v1/wall/wishes")).json()["items"] == []
    again = await client.post(
        f"/v1/wishes/{wish['id']}/review",
        json={"decision": "approve"},
        headers=callers.secretary("C1"),
    )
    assert again.status_code == 409
    assert again.json()["code"] == "wish-transition-not-allowed"


async def test_rejection_without_reason_is_refused(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await submit(client, callers, "B")
    response = await client.post(
        f"/v1/wishes/{wish['id']}/review",
        json={"decision": "reject"},
        headers=callers.secretary("C1"),
    )
    assert response.status_code == 422
    assert "a rejection needs a reason" in response.json()["detail"]


async def test_claim_fulfil_confirm_records_each_event(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    claim = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(7))
    assert claim.status_code == 201, claim.text
    assert (claim.json()["claimer_id"], claim.json()["claimer_type"], claim.json()["status"]) == (
        "volunteer-7",
        "volunteer",
        "active",
    )
    fulfil = await client.post(
        f"/v1/wishes/{wish['id']}/fulfil",
        json={"proof_photo_url": "https://photos.example/proof.jpg", "note": "送到了"},
        headers=callers.volunteer(7),
    )
    assert fulfil.status_code == 204
    confirm = await client.post(
        f"/v1/wishes/{wish['id']}/confirm",
        json={"thanks_message": "谢谢你，小伙子", "rating": 5},
        headers=callers.beneficiary("A"),
    )
    assert confirm.status_code == 200, confirm.text
    body = confirm.json()
    assert (body["state"], body["rating"], body["thanks_message"], body["claimer_id"]) == (
        "confirmed",
        5,
        "谢谢你，小伙子",
        "volunteer-7",
    )
    events = await events_about(app, wish["id"])
    assert [event_type.split(".")[3] for event_type, _ in events] == [
        "submitted",
        "published",
        "claimed",
        "fulfilled",
        "confirmed",
    ]
    claimed = events[2][1]
    assert (claimed["claim_id"], claimed["claimer_type"]) == (claim.json()["id"], "volunteer")
    claims = await client.get(f"/v1/wishes/{wish['id']}/claims", headers=callers.admin())
    assert [c["status"] for c in claims.json()] == ["confirmed"]


async def test_second_claim_of_a_wish_is_refused(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    first = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(1))
    second = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.member(2))
    assert (first.status_code, second.status_code) == (201, 409)
    assert second.json()["code"] == "wish-already-claimed"


async def test_withdrawn_claim_returns_the_wish_to_the_wall(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(1))
    assert (await client.get("/v1/wall/wishes")).json()["items"][0]["state"] == "claimed"
    withdrawn = await client.post(
        f"/v1/wishes/{wish['id']}/claim/withdraw", headers=callers.volunteer(1)
    )
    assert withdrawn.status_code == 204
    card = (await client.get("/v1/wall/wishes")).json()["items"][0]
    assert (card["id"], card["state"], card["claimer_type"]) == (wish["id"], "open", None)
    released = (await events_about(app, wish["id"]))[-1]
    assert released[0] == payloads.WishReleased.event_type
    assert (released[1]["reason"], released[1]["claimer_id"]) == ("withdrawn", "volunteer-1")
    again = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.member(3))
    assert again.status_code == 201


async def test_only_the_claimer_may_fulfil_or_withdraw(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(1))
    proof = {"proof_photo_url": "https://photos.example/p.jpg"}
    fulfil = await client.post(
        f"/v1/wishes/{wish['id']}/fulfil", json=proof, headers=callers.volunteer(2)
    )
    withdraw = await client.post(
        f"/v1/wishes/{wish['id']}/claim/withdraw", headers=callers.volunteer(2)
    )
    assert (fulfil.status_code, withdraw.status_code) == (403, 403)
    assert {fulfil.json()["code"], withdraw.json()["code"]} == {"not-the-claimer"}


async def test_members_only_wish_refuses_a_volunteer(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A", claim_rule="members")
    refused = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(1))
    assert refused.status_code == 403
    assert refused.json()["code"] == "claim-rule-not-met"
    accepted = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.member(1))
    assert (accepted.status_code, accepted.json()["claimer_type"]) == (201, "member")


async def test_organisation_claim_names_its_organisation(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A", claim_rule="organisations")
    missing = await client.post(
        f"/v1/wishes/{wish['id']}/claim", json={"as": "organisation"}, headers=callers.member(1)
    )
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "body.organisation_id"
    organisation_id = str(callers.world.streets["S1"])  # any id stands for the organisation
    claimed = await client.post(
        f"/v1/wishes/{wish['id']}/claim",
        json={"as": "organisation", "organisation_id": organisation_id},
        headers=callers.member(1),
    )
    assert claimed.status_code == 201
    assert (claimed.json()["claimer_type"], claimed.json()["organisation_id"]) == (
        "organisation",
        organisation_id,
    )


async def test_the_old_word_unit_is_no_claimer_type(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    response = await client.post(
        f"/v1/wishes/{wish['id']}/claim", json={"as": "unit"}, headers=callers.member(1)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.as"


async def test_claiming_as_a_type_without_its_role_is_refused(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    response = await client.post(
        f"/v1/wishes/{wish['id']}/claim", json={"as": "member"}, headers=callers.volunteer(1)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "claimer-type-not-held"


async def test_community_approved_claims_wait_for_the_secretary(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A", claim_approval="community")
    claim = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(1))
    assert claim.json()["status"] == "pending"
    other = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(2))
    assert other.json()["code"] == "wish-already-claimed"
    assert (await client.get("/v1/wall/wishes")).json()["items"][0]["state"] == "claimed"
    declined = await client.post(
        f"/v1/wishes/{wish['id']}/claim/decline", headers=callers.secretary("C1")
    )
    assert (declined.json()["state"], declined.json()["claimer_id"]) == ("open", None)
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(2))
    approved = await client.post(
        f"/v1/wishes/{wish['id']}/claim/approve", headers=callers.secretary("C1")
    )
    assert (approved.json()["state"], approved.json()["claimer_id"]) == ("claimed", "volunteer-2")
    claims = await client.get(f"/v1/wishes/{wish['id']}/claims", headers=callers.admin())
    assert [c["status"] for c in claims.json()] == ["declined", "active"]


async def test_cancelled_wish_leaves_the_wall_and_ends_its_claim(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(1))
    cancelled = await client.post(
        f"/v1/wishes/{wish['id']}/cancel",
        json={"reason": "老人已搬去女儿家"},
        headers=callers.grid_worker("A"),
    )
    assert cancelled.json()["state"] == "cancelled"
    assert (await client.get("/v1/wall/wishes")).json()["items"] == []
    claims = await client.get(f"/v1/wishes/{wish['id']}/claims", headers=callers.admin())
    assert [c["status"] for c in claims.json()] == ["cancelled"]
    card = await client.get(f"/v1/wall/wishes/{wish['id']}")
    assert card.status_code == 404


async def test_grid_worker_confirms_on_behalf_of_the_beneficiary(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(1))
    await client.post(
        f"/v1/wishes/{wish['id']}/fulfil",
        json={"proof_photo_url": "/media/proof.jpg"},
        headers=callers.volunteer(1),
    )
    confirm = {"thanks_message": "老人很高兴", "rating": 4}
    stranger = await client.post(
        f"/v1/wishes/{wish['id']}/confirm", json=confirm, headers=callers.beneficiary("B")
    )
    other_grid = await client.post(
        f"/v1/wishes/{wish['id']}/confirm", json=confirm, headers=callers.grid_worker("B")
    )
    assert (stranger.status_code, other_grid.status_code) == (404, 404)
    own_grid = await client.post(
        f"/v1/wishes/{wish['id']}/confirm", json=confirm, headers=callers.grid_worker("A")
    )
    assert (own_grid.status_code, own_grid.json()["confirmed_at"] is not None) == (200, True)


async def test_retried_claim_with_its_idempotency_key_replays_the_first_answer(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    headers = {**callers.volunteer(1), "Idempotency-Key": "phone-claim-1"}
    first = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=headers)
    retry = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=headers)
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.json()["id"] == first.json()["id"]
    claims = await client.get(f"/v1/wishes/{wish['id']}/claims", headers=callers.admin())
    assert len(claims.json()) == 1
