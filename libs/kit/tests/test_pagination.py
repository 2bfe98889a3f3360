import httpx

from weimin_kit.testing import TestKeys


async def test_cursor_walks_every_row_once_in_creation_order(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    admin = test_keys.headers(roles=["admin"])
    for i in range(7):
        await client.post("/v1/notes", json={"title": f"t{i}", "area": "a"}, headers=admin)
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/notes", params=params, headers=admin)).json()
        seen += [n["title"] for n in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"t{i}" for i in range(7)]
    assert pages == 3


async def test_forged_cursor_is_a_422_naming_the_cursor(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    response = await client.get(
        "/v1/notes", params={"cursor": "!!nope"}, headers=test_keys.headers(roles=["admin"])
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.cursor"


async def test_limit_above_maximum_is_refused(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    response = await client.get(
        "/v1/notes", params={"limit": 1000}, headers=test_keys.headers(roles=["admin"])
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.limit"


async def test_newest_first_walks_backwards_without_repeats(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    admin = test_keys.headers(roles=["admin"])
    for i in range(5):
        await client.post("/v1/notes", json={"title": f"t{i}", "area": "a"}, headers=admin)
    first = (
        await client.get("/v1/notes", params={"limit": 3, "newest_first": True}, headers=admin)
    ).json()
    second = (
        await client.get(
            "/v1/notes",
            params={"limit": 3, "newest_first": True, "cursor": first["next_cursor"]},
            headers=admin,
        )
    ).json()
    assert [n["title"] for n in first["items"] + second["items"]] == ["t4", "t3", "t2", "t1", "t0"]
    assert second["next_cursor"] is None
