import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World, bad_checksum, id_card, unmasked_values
from sqlalchemy import func, select, text

from weimin_grid.registry import repository
from weimin_grid.registry.models import Resident

NEW_ID_CARD = id_card(500, born=date(2001, 2, 3), male=False)


def new_resident(world: World, grid: str = "A", **overrides: Any) -> dict[str, Any]:
    return {
        "household_id": str(world.households[grid]),
        "name": "李秀英",
        "id_card_number": NEW_ID_CARD,
        "phone": "139 0000 1234",
        "ethnicity": "白族",
        "care_tags": ["disabled"],
        "relation_to_head": "子女",
        **overrides,
    }


async def resident_count(app: FastAPI) -> int:
    async with app.state.database.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Resident)) or 0)


async def test_grid_worker_registers_a_resident_in_its_own_household(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers
) -> None:
    response = await client.post(
        "/v1/residents", json=new_resident(world), headers=callers.grid_worker("A")
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/v1/residents/{body['id']}"
    assert unmasked_values(body) == []
    assert (body["id_card_number"], body["phone"]) == (
        "5329************" + NEW_ID_CARD[-2:],
        "139****1234",
    )
    assert (body["gender"], body["birth_date"]) == ("female", "2001-02-03")
    assert (body["grid_unit_id"], body["community_id"], body["street_id"]) == (
        str(world.grids["A"]),
        str(world.communities["C1"]),
        str(world.streets["S1"]),
    )
    assert body["version"] == 1
    found = await client.get(
        "/v1/residents", params={"id_card_number": NEW_ID_CARD}, headers=callers.grid_worker("A")
    )
    assert [r["id"] for r in found.json()["items"]] == [body["id"]]


async def test_identity_number_and_phone_are_ciphertext_at_rest(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers
) -> None:
    created = await client.post("/v1/residents", json=new_resident(world), headers=callers.admin())
    assert created.status_code == 201
    async with app.state.database.sessionmaker() as session:
        rows = (await session.execute(text("SELECT * FROM residents"))).mappings().all()
    stored = " ".join(str(value) for row in rows for value in row.values())
    for plain in (NEW_ID_CARD, "13900001234", *world.id_cards.values(), *world.phones.values()):
        assert plain not in stored
    ciphers = [row["id_card_cipher"] for row in rows]
    assert len(ciphers) == 5
    assert all(c.startswith("v1.") for c in ciphers)


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"id_card_number": bad_checksum(NEW_ID_CARD)}, "body.id_card_number", "check character"),
        ({"id_card_number": "5329"}, "body.id_card_number", "an identity number has 18"),
        ({"phone": "12345"}, "body.phone", "a mobile number has 11 digits"),
        ({"birth_date": "2001-02-04"}, "body.birth_date", "the identity number gives 2001-02-03"),
        ({"gender": "male"}, "body.gender", "the identity number gives female"),
        ({"name": " "}, "body.name", ""),
        ({"registration": "tourist"}, "body.registration", ""),
        ({"care_tags": ["Bad Tag"]}, "body.care_tags.0", ""),
    ],
)
async def test_invalid_resident_is_422_naming_the_field_and_writes_nothing(
    client: httpx.AsyncClient,
    app: FastAPI,
    world: World,
    callers: Callers,
    overrides: dict[str, Any],
    field: str,
    reason: str,
) -> None:
    response = await client.post(
        "/v1/residents", json=new_resident(world, **overrides), headers=callers.admin()
    )
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert errors[0]["reason"].startswith(reason)
    assert await resident_count(app) == 4


@pytest.mark.parametrize("grid", ["B", "unknown"])
async def test_household_unknown_or_outside_scope_is_404(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers, grid: str
) -> None:
    body = new_resident(world, "A")
    body["household_id"] = str(world.households["B"]) if grid == "B" else str(uuid.uuid4())
    response = await client.post("/v1/residents", json=body, headers=callers.grid_worker("A"))
    assert (response.status_code, response.json()["code"]) == (404, "not-found")
    assert response.json()["errors"][0]["field"] == "body.household_id"
    assert await resident_count(app) == 4


async def test_duplicate_identity_number_is_409_and_writes_nothing(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers
) -> None:
    # Registered in grid D; the worker of grid A still must not create a second record.
    body = new_resident(world, "A", id_card_number=world.id_cards["D"].lower(), birth_date=None)
    body.pop("phone")
    body["gender"] = None
    response = await client.post("/v1/residents", json=body, headers=callers.grid_worker("A"))
    assert response.status_code == 409
    assert response.json()["code"] == "resident-id-card-exists"
    assert response.json()["errors"][0]["field"] == "body.id_card_number"
    assert await resident_count(app) == 4


@pytest.mark.parametrize("caller", ["street_secretary", "volunteer"])
async def test_roles_that_may_not_register_get_403(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers, caller: str
) -> None:
    headers = (
        callers.street_secretary("S1") if caller == "street_secretary" else callers.volunteer()
    )
    response = await client.post("/v1/residents", json=new_resident(world), headers=headers)
    assert response.status_code == 403
    assert await resident_count(app) == 4


async def test_replayed_create_with_the_same_idempotency_key_makes_one_resident(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers
) -> None:
    key = str(uuid.uuid4())
    headers = {**callers.grid_worker("A", subject="phone-of-worker-a"), "Idempotency-Key": key}
    first = await client.post("/v1/residents", json=new_resident(world), headers=headers)
    # The offline queue replays after a token refresh: new token, same caller, same key.
    headers = {**callers.grid_worker("A", subject="phone-of-worker-a"), "Idempotency-Key": key}
    second = await client.post("/v1/residents", json=new_resident(world), headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert await resident_count(app) == 5


async def test_unique_blind_index_catches_a_duplicate_that_raced_past_the_check(
    client: httpx.AsyncClient,
    app: FastAPI,
    world: World,
    callers: Callers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def nobody_has_it(*_: object) -> bool:
        return False

    monkeypatch.setattr(repository, "id_card_taken", nobody_has_it)
    body = new_resident(world, id_card_number=world.id_cards["A"], birth_date=None, gender=None)
    response = await client.post("/v1/residents", json=body, headers=callers.admin())
    assert (response.status_code, response.json()["code"]) == (409, "resident-id-card-exists")
    assert await resident_count(app) == 4
