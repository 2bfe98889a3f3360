import httpx
import pytest
from factories import count_rows, create, id_card, person_body
from fastapi import FastAPI
from org_registry_world import World
from sqlalchemy import text

Staff = dict[str, dict[str, str]]


async def test_a_person_is_stored_sealed_and_read_masked(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    body = await create(client, "/v1/people", person_body(1, world.ids["A1"]), staff["sec-a1"])
    number = id_card(1)
    assert body["id_card_number"] == number[:4] + "*" * 12 + number[-2:]
    assert body["phone"] == "199****0001"
    assert (body["street_id"], body["community_id"]) == (str(world.ids["A"]), str(world.ids["A1"]))
    async with world.database.sessionmaker() as session:
        stored = (
            await session.execute(text("select id_card_cipher, phone_cipher from people"))
        ).one()
    assert number not in stored[0]
    assert "19900000001" not in stored[1]


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        (
            {"id_card_number": id_card(1)[:-1] + ("0" if id_card(1)[-1] != "0" else "1")},
            "body.id_card_number",
            "invalid-id-card",
        ),
        ({"id_card_number": "12345"}, "body.id_card_number", "invalid-id-card"),
        ({"phone": "12345"}, "body.phone", "invalid-phone"),
        ({"gender": "other"}, "body.gender", "literal_error"),
        ({"name": ""}, "body.name", "string_too_short"),
    ],
)
async def test_bad_personal_data_is_422_and_nothing_is_written(
    app: FastAPI,
    world: World,
    client: httpx.AsyncClient,
    staff: Staff,
    change: dict[str, str],
    field: str,
    code: str,
) -> None:
    response = await client.post(
        "/v1/people", json={**person_body(1, world.ids["A1"]), **change}, headers=staff["sec-a1"]
    )
    assert response.status_code == 422
    assert (response.json()["errors"][0]["field"], response.json()["errors"][0]["code"]) == (
        field,
        code,
    )
    assert await count_rows(app, "people") == 0


async def test_a_second_person_with_the_same_number_is_409_even_across_scopes(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    await create(client, "/v1/people", person_body(1, world.ids["A1"]), staff["sec-a1"])
    again = await client.post(
        "/v1/people",
        json={**person_body(1, world.ids["B1"]), "name": "另一人"},
        headers=staff["sec-b1"],
    )
    assert (again.status_code, again.json()["code"]) == (409, "person-already-registered")
    assert "A1" not in again.text
    assert await count_rows(app, "people") == 1


async def test_registering_in_another_community_is_refused(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    response = await client.post(
        "/v1/people", json=person_body(1, world.ids["B1"]), headers=staff["sec-a1"]
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.community_id"


async def test_people_are_seen_only_in_scope_by_id_list_search_and_lookup(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    a1 = await create(client, "/v1/people", person_body(1, world.ids["A1"]), staff["sec-a1"])
    b1 = await create(client, "/v1/people", person_body(2, world.ids["B1"]), staff["sec-b1"])
    sec = staff["sec-a1"]
    assert (await client.get(f"/v1/people/{b1['id']}", headers=sec)).status_code == 404
    listed = (await client.get("/v1/people", headers=sec)).json()["items"]
    assert [p["id"] for p in listed] == [a1["id"]]
    assert (await client.get("/v1/people?q=杨2", headers=sec)).json()["items"] == []
    found = await client.post("/v1/people/lookup", json={"id_card_number": id_card(1)}, headers=sec)
    assert found.json()["id"] == a1["id"]
    hidden = await client.post(
        "/v1/people/lookup", json={"id_card_number": id_card(2)}, headers=sec
    )
    assert hidden.status_code == 404
    bad = await client.post("/v1/people/lookup", json={"id_card_number": "1"}, headers=sec)
    assert bad.status_code == 422
    street = (await client.get("/v1/people", headers=staff["sec-a"])).json()["items"]
    assert [p["id"] for p in street] == [a1["id"]]
    assert (await client.get("/v1/people", headers=staff["grid"])).json()["items"] == []


async def test_people_are_found_by_any_part_of_their_name(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    sec = staff["sec-a1"]
    named = {}
    for n, name in enumerate(("罗祥文", "陈祥", "文罗祥", "罗文", "祥文和文罗"), start=1):
        body = person_body(n, world.ids["A1"], name=name)
        named[name] = (await create(client, "/v1/people", body, sec))["id"]

    async def found(q: str) -> list[str]:
        response = await client.get("/v1/people", params={"q": q}, headers=sec)
        return sorted(p["name"] for p in response.json()["items"])

    assert await found("罗祥") == ["文罗祥", "罗祥文"]
    assert await found("祥文") == ["祥文和文罗", "罗祥文"]
    assert await found("文") == ["文罗祥", "祥文和文罗", "罗文", "罗祥文"]
    assert await found("罗祥文") == ["罗祥文"]
    # Both pairs (祥文, 文罗) are in 祥文和文罗, but not side by side: not a match.
    assert await found("祥文罗") == []
    assert await found("%") == []


async def test_a_lookup_reads_in_a_read_only_transaction(
    world: World, client: httpx.AsyncClient, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A POST that only reads must not open a write transaction: on SQLite that takes the
    database lock (`BEGIN IMMEDIATE`), so lookups would queue behind writers and each other.
    (The suite binds both factories to one connection; which one is used is what counts.)"""
    await create(client, "/v1/people", person_body(1, world.ids["A1"]), staff["sec-a1"])
    database = world.database
    used: list[str] = []
    for name in ("sessionmaker", "read_sessionmaker"):
        factory = getattr(database, name)
        monkeypatch.setattr(
            database, name, lambda f=factory, n=name, **kw: used.append(n) or f(**kw)
        )
    found = await client.post(
        "/v1/people/lookup", json={"id_card_number": id_card(1)}, headers=staff["sec-a1"]
    )
    assert (found.status_code, used) == (200, ["read_sessionmaker"])


async def test_a_member_reads_their_own_record_only(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    own = await create(
        client,
        "/v1/people",
        person_body(1, world.ids["A1"], account_id=str(world.ids["member"])),
        staff["sec-a1"],
    )
    other = await create(client, "/v1/people", person_body(2, world.ids["A1"]), staff["sec-a1"])
    member = staff["member"]
    assert (await client.get(f"/v1/people/{own['id']}", headers=member)).status_code == 200
    assert (await client.get(f"/v1/people/{other['id']}", headers=member)).status_code == 404
    listed = (await client.get("/v1/people", headers=member)).json()["items"]
    assert [p["id"] for p in listed] == [own["id"]]
    reveal = await client.post(
        f"/v1/people/{own['id']}/reveal", json={"reason": "看看自己"}, headers=member
    )
    assert reveal.status_code == 403


async def test_a_reveal_needs_a_reason_and_is_audited(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    person = await create(client, "/v1/people", person_body(1, world.ids["A1"]), staff["sec-a1"])
    path = f"/v1/people/{person['id']}/reveal"
    assert (await client.post(path, json={}, headers=staff["sec-a1"])).status_code == 422
    assert (
        await client.post(path, json={"reason": "x"}, headers=staff["sec-a1"])
    ).status_code == 422
    outside = await client.post(path, json={"reason": "核实身份"}, headers=staff["sec-b1"])
    assert outside.status_code == 404
    revealed = await client.post(
        path, json={"reason": "核实身份信息", "fields": ["id_card_number"]}, headers=staff["sec-a1"]
    )
    assert revealed.json() == {"id": person["id"], "id_card_number": id_card(1), "phone": None}
    audits = (await client.get("/v1/people/reveal-audits", headers=staff["sec-a"])).json()["items"]
    assert [(a["person_id"], a["fields"], a["reason"], a["principal_subject"]) for a in audits] == [
        (person["id"], ["id_card_number"], "核实身份信息", str(world.ids["sec-a1"]))
    ]
    assert (await client.get("/v1/people/reveal-audits", headers=staff["sec-b1"])).json()[
        "items"
    ] == []


async def test_a_retried_registration_with_the_same_idempotency_key_registers_once(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    headers = {**staff["sec-a1"], "Idempotency-Key": "register-yang-1"}
    body = person_body(1, world.ids["A1"])
    first = await client.post("/v1/people", json=body, headers=headers)
    again = await client.post("/v1/people", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"]
    assert await count_rows(app, "people") == 1
