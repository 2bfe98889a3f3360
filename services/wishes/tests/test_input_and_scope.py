from typing import Any

import httpx
import pytest
from wish_world import Callers, open_wish, submit, wish_body


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"estimated_value_yuan": 501}, "body.estimated_value_yuan", "over-value-cap"),
        ({"estimated_value_yuan": -1}, "body.estimated_value_yuan", "greater_than_equal"),
        ({"category": "cash"}, "body.category", "literal_error"),
        ({"urgency": "panic"}, "body.urgency", "literal_error"),
        ({"photo_url": "ftp://x/y.jpg"}, "body.photo_url", "string_pattern_mismatch"),
        ({"title": "x"}, "body.title", "string_too_short"),
        ({"description": "请打13812345678联系"}, "body.description", "personal-data-in-text"),
        ({"title": "给张秀英买收音机"}, "body.title", "personal-data-in-text"),
        (
            {"description": "身份证532901194503080029"},
            "body.description",
            "personal-data-in-text",
        ),
        ({"claim_rule": "friends"}, "body.claim_rule", "literal_error"),
        ({"title": "\u200b\u3000\u200b"}, "body.title", "string_too_short"),
        ({"grid_label": "一网格\x00"}, "body.grid_label", "string_forbidden_character"),
        # Zero-width characters cannot hide a phone number from the personal-data check.
        (
            {"description": "请打138\u200b1234\u200b5678联系"},
            "body.description",
            "string_forbidden_character",
        ),
    ],
)
async def test_bad_wish_is_refused_naming_the_field(
    client: httpx.AsyncClient,
    callers: Callers,
    overrides: dict[str, Any],
    field: str,
    code: str,
) -> None:
    response = await client.post(
        "/v1/wishes",
        json=wish_body(callers.world, "A", **overrides),
        headers=callers.grid_worker("A"),
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == (field, code)
    listed = await client.get("/v1/wishes", headers=callers.admin())
    assert listed.json()["items"] == []


@pytest.mark.parametrize(
    ("beneficiary", "reason"),
    [
        ({"kind": "individual", "name": "张秀英", "birth_date": "1945-03-08"}, "resident_id"),
        ({"kind": "individual", "resident_id": None, "name": "张三"}, "resident_id"),
        ({"kind": "group", "name": "敬老院"}, "public_label"),
    ],
)
async def test_incomplete_beneficiary_is_refused(
    client: httpx.AsyncClient, callers: Callers, beneficiary: dict[str, Any], reason: str
) -> None:
    response = await client.post(
        "/v1/wishes",
        json=wish_body(callers.world, "A", beneficiary=beneficiary),
        headers=callers.grid_worker("A"),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.beneficiary"
    assert reason in response.json()["detail"]


async def test_group_wish_shows_its_public_label(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    group = {"kind": "group", "name": "苍山社区敬老院全体老人", "public_label": "敬老院的老人们"}
    wish = await open_wish(client, callers, "A", beneficiary=group, category="companionship")
    card = (await client.get(f"/v1/wall/wishes/{wish['id']}")).json()
    assert (card["beneficiary"], card["category"]) == ("敬老院的老人们", "companionship")


async def test_wish_outside_the_submitters_grid_is_refused(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    response = await client.post(
        "/v1/wishes", json=wish_body(callers.world, "B"), headers=callers.grid_worker("A")
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "grid-unit-out-of-scope"


async def test_volunteer_cannot_submit_or_list_wishes(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    submitted = await client.post(
        "/v1/wishes", json=wish_body(callers.world, "A"), headers=callers.volunteer()
    )
    listed = await client.get("/v1/wishes", headers=callers.volunteer())
    assert (submitted.status_code, listed.status_code) == (403, 403)


async def test_staff_see_only_wishes_in_their_scope(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    ids = {grid: (await submit(client, callers, grid))["id"] for grid in ("A", "B", "C", "D")}

    async def visible(headers: dict[str, str]) -> set[str]:
        response = await client.get("/v1/wishes", headers=headers)
        return {item["id"] for item in response.json()["items"]}

    assert await visible(callers.grid_worker("A")) == {ids["A"]}
    assert await visible(callers.secretary("C1")) == {ids["A"], ids["B"]}
    assert await visible(callers.street_secretary("S1")) == {ids["A"], ids["B"], ids["C"]}
    assert await visible(callers.admin()) == set(ids.values())
    other = await client.get(f"/v1/wishes/{ids['A']}", headers=callers.grid_worker("B"))
    assert (other.status_code, other.json()["code"]) == (404, "wish-not-found")
    review = await client.post(
        f"/v1/wishes/{ids['A']}/review",
        json={"decision": "approve"},
        headers=callers.secretary("C2"),
    )
    assert review.status_code == 404
    cancel = await client.post(
        f"/v1/wishes/{ids['C']}/cancel",
        json={"reason": "不需要了"},
        headers=callers.grid_worker("A"),
    )
    assert cancel.status_code == 404


async def test_grid_worker_cannot_review(client: httpx.AsyncClient, callers: Callers) -> None:
    wish = await submit(client, callers, "A")
    response = await client.post(
        f"/v1/wishes/{wish['id']}/review",
        json={"decision": "approve"},
        headers=callers.grid_worker("A"),
    )
    assert response.status_code == 403


async def test_a_wish_not_yet_on_the_wall_cannot_be_claimed(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await submit(client, callers, "A")
    response = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer())
    assert (response.status_code, response.json()["code"]) == (404, "wish-not-found")


async def test_claim_needs_a_token(client: httpx.AsyncClient, callers: Callers) -> None:
    wish = await open_wish(client, callers, "A")
    response = await client.post(f"/v1/wishes/{wish['id']}/claim")
    assert response.status_code == 401


async def test_bad_wish_id_and_bad_filters_are_refused(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    by_id = await client.get("/v1/wishes/not-a-uuid", headers=callers.admin())
    by_state = await client.get("/v1/wishes", params={"state": "dreaming"}, headers=callers.admin())
    assert (by_id.status_code, by_state.status_code) == (422, 422)
    assert by_state.json()["errors"][0]["field"] == "query.state"


async def test_confirm_needs_a_rating_between_one_and_five(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    response = await client.post(
        f"/v1/wishes/{wish['id']}/confirm",
        json={"thanks_message": "谢谢", "rating": 6},
        headers=callers.grid_worker("A"),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.rating"
