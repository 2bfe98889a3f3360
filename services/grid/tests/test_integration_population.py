"""Actual population from a partner: batches answered record by record, replayed by key,
merged three ways against the last sync, within the partner's area only."""

from typing import Any

import httpx
from grid_world import Callers, World
from integration_helpers import (
    POPULATION,
    WRITE_POPULATION,
    home_address,
    person,
    person_id_card,
    send,
)


async def residents_of(client: httpx.AsyncClient, callers: Callers, household: Any) -> int:
    count, cursor = 0, None
    while True:
        params = {"household_id": str(household), "limit": "200"}
        if cursor:
            params["cursor"] = cursor
        page = await client.get("/v1/residents", params=params, headers=callers.admin())
        count += len(page.json()["items"])
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return count


async def test_a_thousand_records_with_three_bad_store_997_and_a_replay_stores_nothing(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    code = await home_address(client, world, callers, "A")
    records: list[Any] = [person(n, code) for n in range(1000)]
    records[10] = {**records[10], "id_card_number": records[10]["id_card_number"][:-1] + "X"}
    records[500] = {**records[500], "phone": "12345"}
    records[999] = {**records[999], "registration": "tourist"}
    partner = callers.partner(scopes=WRITE_POPULATION)
    first = await send(client, partner, records, key="batch-0001")
    assert first.status_code == 200, first.text
    answer = first.json()
    assert answer["counts"] == {"accepted": 997, "rejected": 3}
    rejected = [r for r in answer["results"] if r["outcome"] == "rejected"]
    assert [(r["index"], r["issues"][0]["field"]) for r in rejected] == [
        (10, "id_card_number"),
        (500, "phone"),
        (999, "registration"),
    ]
    assert await residents_of(client, callers, world.households["A"]) == 1 + 997

    replay = await send(client, partner, records, key="batch-0001")
    assert replay.status_code == 200
    assert replay.headers.get("idempotent-replayed") == "true"
    assert replay.json() == answer
    assert await residents_of(client, callers, world.households["A"]) == 1 + 997
    # Sent again under a new key it is the same people: nothing new either.
    again = await send(client, partner, records, key="batch-0002")
    assert again.json()["counts"] == {"unchanged": 997, "rejected": 3}
    assert await residents_of(client, callers, world.households["A"]) == 1 + 997


async def test_a_field_a_grid_worker_changed_since_the_last_sync_is_kept_and_reported(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    code = await home_address(client, world, callers, "A")
    partner = callers.partner(scopes=WRITE_POPULATION)
    created = await send(client, partner, [person(1, code)])
    resident_id = created.json()["results"][0]["local_id"]
    worker = callers.grid_worker("A")
    read = await client.get(f"/v1/residents/{resident_id}", headers=worker)
    corrected = await client.patch(
        f"/v1/residents/{resident_id}",
        json={"phone": "13700000001"},
        headers={**worker, "If-Match": read.headers["etag"]},
    )
    assert corrected.status_code == 200, corrected.text

    changed = person(1, code, phone="13800000002", name="测试一号")
    answer = (await send(client, partner, [changed])).json()["results"][0]
    assert answer["outcome"] == "conflict"
    assert answer["applied_fields"] == ["name"]
    assert answer["conflict_fields"] == ["phone"]
    now = (await client.get(f"/v1/residents/{resident_id}", headers=worker)).json()
    assert now["name"] == "测试一号"
    assert now["phone"].endswith("0001")  # the worker's number stands
    # The partner sending the same again is no new change: nothing to report.
    repeated = (await send(client, partner, [changed])).json()["results"][0]
    assert repeated["outcome"] == "unchanged"

    # The conflict waits for a person in the resident's area, and no one else sees it.
    waiting = await client.get("/v1/sync-conflicts", params={"settled": "false"}, headers=worker)
    (conflict,) = waiting.json()["items"]
    assert (conflict["local_id"], conflict["fields"]) == (resident_id, ["phone"])
    other = callers.grid_worker("B")
    assert (await client.get("/v1/sync-conflicts", headers=other)).json()["items"] == []
    refused = await client.post(f"/v1/sync-conflicts/{conflict['id']}/settle", headers=other)
    assert refused.status_code == 404
    settled = await client.post(f"/v1/sync-conflicts/{conflict['id']}/settle", headers=worker)
    assert settled.json()["settled_at"] is not None
    still = await client.get("/v1/sync-conflicts", params={"settled": "false"}, headers=worker)
    assert still.json()["items"] == []


async def test_a_person_already_on_the_register_is_linked_not_registered_twice(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    code = await home_address(client, world, callers, "A")
    partner = callers.partner(scopes=WRITE_POPULATION)
    known = person(7, code, id_card_number=world.id_cards["A"], name="杨A松")
    answer = (await send(client, partner, [known])).json()["results"][0]
    assert answer["local_id"] == str(world.residents["A"])
    # The registered phone, ethnicity and relation differ: kept as ours, reported.
    assert answer["outcome"] == "conflict"
    assert "name" not in answer["conflict_fields"]
    assert await residents_of(client, callers, world.households["A"]) == 1


async def test_the_identity_number_of_a_mapped_person_is_never_overwritten(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    code = await home_address(client, world, callers, "A")
    partner = callers.partner(scopes=WRITE_POPULATION)
    await send(client, partner, [person(3, code)])
    swapped = person(3, code, id_card_number=person_id_card(4))
    answer = (await send(client, partner, [swapped])).json()["results"][0]
    assert (answer["outcome"], answer["conflict_fields"]) == ("conflict", ["id_card_number"])


async def test_a_partner_writes_only_within_its_area(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    code_a = await home_address(client, world, callers, "A")
    code_d = await home_address(client, world, callers, "D")  # street S2
    partner = callers.partner("street:S1", WRITE_POPULATION)
    answer = (await send(client, partner, [person(1, code_d), person(2, code_a)])).json()
    assert [r["outcome"] for r in answer["results"]] == ["rejected", "accepted"]
    assert answer["results"][0]["issues"][0]["field"] == "address_code"
    # Someone registered in D (outside S1) cannot be claimed into S1 by identity number.
    elsewhere = person(3, code_a, id_card_number=world.id_cards["D"])
    refused = (await send(client, partner, [elsewhere])).json()["results"][0]
    assert (refused["outcome"], refused["issues"][0]["field"]) == ("rejected", "id_card_number")
    assert await residents_of(client, callers, world.households["D"]) == 1


async def test_writes_need_a_partner_token_with_the_scope_and_an_idempotency_key(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    code = await home_address(client, world, callers, "A")
    body = {"records": [person(1, code)]}
    cases = {
        "person's token": (callers.admin(), 401),
        "without the scope": (callers.partner(scopes=("integration:addresses.write",)), 403),
        "expired": (
            {
                "Authorization": "Bearer "
                + callers.keys.token(
                    aud="weimin-integration",
                    roles=["partner"],
                    scopes=[*WRITE_POPULATION, f"street:{world.streets['S1']}"],
                    subject="partner:police-1",
                    lifetime_seconds=-60,
                )
            },
            401,
        ),
        "no token": ({}, 401),
    }
    for number, (name, (headers, status)) in enumerate(cases.items()):
        response = await client.post(
            POPULATION, json=body, headers={**headers, "Idempotency-Key": f"key-{number}"}
        )
        assert response.status_code == status, (name, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    no_key = await client.post(
        POPULATION, json=body, headers=callers.partner(scopes=WRITE_POPULATION)
    )
    assert no_key.status_code == 428
    assert no_key.json()["code"] == "idempotency-key-required"


async def test_a_batch_over_a_thousand_records_is_refused_whole_naming_records(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    partner = callers.partner(scopes=WRITE_POPULATION)
    response = await send(client, partner, [{"partner_ref": "x"}] * 1001)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.records"


async def test_every_accepted_partner_call_is_kept_for_staff_of_its_area(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    code = await home_address(client, world, callers, "A")
    await send(client, callers.partner(scopes=WRITE_POPULATION), [person(1, code)])
    refused = await send(client, callers.partner(scopes=()), [person(2, code)])
    assert refused.status_code == 403  # not the client's to make: not its call to keep
    street = await client.get("/v1/partner-calls", headers=callers.street_secretary("S1"))
    (call,) = street.json()["items"]
    assert (call["client_id"], call["method"], call["path"], call["status"]) == (
        "police-1",
        "POST",
        POPULATION,
        200,
    )
    elsewhere = await client.get("/v1/partner-calls", headers=callers.street_secretary("S2"))
    assert elsewhere.json()["items"] == []
    worker = await client.get("/v1/partner-calls", headers=callers.grid_worker("A"))
    assert worker.status_code == 403


async def test_a_partner_reads_the_standard_addresses_of_its_area_only(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    code_a = await home_address(client, world, callers, "A")
    code_d = await home_address(client, world, callers, "D")
    reader = callers.partner("street:S1", ("integration:addresses.read",))
    listed = await client.get("/integration/v1/addresses", headers=reader)
    assert [item["code"] for item in listed.json()["items"]] == [code_a]
    by_code = await client.get("/integration/v1/addresses", params={"code": code_d}, headers=reader)
    assert by_code.json()["items"] == []
    no_scope = await client.get("/integration/v1/addresses", headers=callers.partner())
    assert no_scope.status_code == 403
