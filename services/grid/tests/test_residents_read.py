import httpx
import pytest
from grid_world import Callers, World, unmasked_values


def grids_of(world: World, response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(world.grid_of(item["grid_unit_id"]) for item in response.json()["items"])


async def test_grid_worker_cannot_reach_another_grids_resident_in_any_way(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker_a = callers.grid_worker("A")
    resident_b = world.residents["B"]
    by_id = await client.get(f"/v1/residents/{resident_b}", headers=worker_a)
    by_list = await client.get("/v1/residents", headers=worker_a)
    by_grid = await client.get(
        "/v1/residents", params={"grid_unit_id": str(world.grids["B"])}, headers=worker_a
    )
    by_household = await client.get(
        "/v1/residents", params={"household_id": str(world.households["B"])}, headers=worker_a
    )
    by_name = await client.get("/v1/residents", params={"name": "B松"}, headers=worker_a)
    by_id_card = await client.get(
        "/v1/residents", params={"id_card_number": world.id_cards["B"]}, headers=worker_a
    )
    by_phone = await client.get(
        "/v1/residents", params={"phone": world.phones["B"]}, headers=worker_a
    )
    assert (by_id.status_code, by_id.json()["code"]) == (404, "not-found")
    assert grids_of(world, by_list) == ["A"]
    for search in (by_grid, by_household, by_name, by_id_card, by_phone):
        assert grids_of(world, search) == []


async def test_the_same_searches_find_the_resident_for_its_own_grid_worker(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker_b = callers.grid_worker("B")
    for params in (
        {"name": "B松"},
        {"id_card_number": world.id_cards["B"]},
        {"phone": world.phones["B"]},
        {"household_id": str(world.households["B"])},
    ):
        response = await client.get("/v1/residents", params=params, headers=worker_b)
        assert grids_of(world, response) == ["B"], params
    by_id = await client.get(f"/v1/residents/{world.residents['B']}", headers=worker_b)
    assert by_id.status_code == 200
    assert by_id.headers["etag"] == '"1"'


@pytest.mark.parametrize(
    ("caller", "visible"),
    [
        ("admin", ["A", "B", "C", "D"]),
        ("street_S1", ["A", "B", "C"]),
        ("street_S2", ["D"]),
        ("community_C1", ["A", "B"]),
        ("community_C2", ["C"]),
    ],
)
async def test_resident_list_follows_street_and_community_scope(
    client: httpx.AsyncClient, world: World, callers: Callers, caller: str, visible: list[str]
) -> None:
    kind, _, name = caller.partition("_")
    headers = {
        "admin": lambda: callers.admin(),
        "street": lambda: callers.street_secretary(name),
        "community": lambda: callers.community_secretary(name),
    }[kind]()
    assert grids_of(world, await client.get("/v1/residents", headers=headers)) == visible
    name_search = await client.get("/v1/residents", params={"name": "松"}, headers=headers)
    assert grids_of(world, name_search) == visible


async def test_community_and_street_secretaries_get_404_outside_their_area(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    community = await client.get(
        f"/v1/residents/{world.residents['C']}", headers=callers.community_secretary("C1")
    )
    street = await client.get(
        f"/v1/residents/{world.residents['D']}", headers=callers.street_secretary("S1")
    )
    admin = await client.get(f"/v1/residents/{world.residents['D']}", headers=callers.admin())
    assert community.status_code == street.status_code == 404
    assert admin.status_code == 200


async def test_identity_numbers_and_phones_are_masked_in_every_payload(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    listed = await client.get("/v1/residents", headers=callers.admin())
    single = await client.get(f"/v1/residents/{world.residents['A']}", headers=callers.admin())
    assert unmasked_values(listed.json()) == []
    assert unmasked_values(single.json()) == []
    number, mobile = world.id_cards["A"], world.phones["A"]
    assert single.json()["id_card_number"] == number[:4] + "*" * 12 + number[-2:]
    assert single.json()["phone"] == mobile[:3] + "****" + mobile[-4:]


async def test_care_tag_filter_matches_the_tag_exactly(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    tagged = await client.get(
        "/v1/residents", params={"care_tag": "elderly_alone"}, headers=callers.admin()
    )
    prefix = await client.get(
        "/v1/residents", params={"care_tag": "elderly"}, headers=callers.admin()
    )
    assert grids_of(world, tagged) == ["A"]
    assert grids_of(world, prefix) == []


async def test_name_search_treats_wildcards_literally(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.get("/v1/residents", params={"name": "%"}, headers=callers.admin())
    assert grids_of(world, response) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"id_card_number": "532999198005170011"}, "query.id_card_number"),
        ({"id_card_number": "12345"}, "query.id_card_number"),
        ({"phone": "12345678901"}, "query.phone"),
        ({"care_tag": "Not A Tag"}, "query.care_tag"),
        ({"grid_unit_id": "nope"}, "query.grid_unit_id"),
        ({"limit": 201}, "query.limit"),
    ],
)
async def test_malformed_resident_searches_are_422_naming_the_field(
    client: httpx.AsyncClient, world: World, callers: Callers, params: dict[str, str], field: str
) -> None:
    response = await client.get("/v1/residents", params=params, headers=callers.admin())
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_malformed_id_card_search_says_why(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    number = world.id_cards["A"]
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    response = await client.get(
        "/v1/residents", params={"id_card_number": wrong}, headers=callers.admin()
    )
    assert response.json()["errors"][0]["reason"].startswith("check character does not match")


async def test_unknown_resident_is_404_and_volunteers_are_refused(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    missing = await client.get(
        "/v1/residents/018cc251-f400-7000-8000-000000000000", headers=callers.admin()
    )
    volunteer = await client.get(
        f"/v1/residents/{world.residents['A']}", headers=callers.volunteer()
    )
    assert missing.status_code == 404
    assert volunteer.status_code == 403
