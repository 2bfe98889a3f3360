from typing import Any

import httpx
import pytest
from grid_world import Callers, World, unmasked_values


async def patch(
    client: httpx.AsyncClient,
    world: World,
    headers: dict[str, str],
    body: dict[str, Any],
    if_match: str | None = '"1"',
    grid: str = "A",
) -> httpx.Response:
    if if_match is not None:
        headers = {**headers, "If-Match": if_match}
    return await client.patch(f"/v1/residents/{world.residents[grid]}", json=body, headers=headers)


async def test_update_with_the_current_version_applies_and_bumps_it(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await patch(
        client,
        world,
        callers.grid_worker("A"),
        {
            "name": "杨新松",
            "phone": "13700001111",
            "care_tags": ["veteran", "veteran"],
            "registration": "floating",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["name"], body["phone"], body["care_tags"], body["registration"]) == (
        "杨新松",
        "137****1111",
        ["veteran"],
        "floating",
    )
    assert (body["version"], response.headers["etag"]) == (2, '"2"')
    assert unmasked_values(body) == []
    found = await client.get(
        "/v1/residents", params={"phone": "13700001111"}, headers=callers.grid_worker("A")
    )
    assert [r["id"] for r in found.json()["items"]] == [str(world.residents["A"])]


async def test_two_updates_from_the_same_version_one_wins_one_is_412(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    first = await patch(client, world, callers.grid_worker("A"), {"name": "杨一"})
    second = await patch(client, world, callers.community_secretary("C1"), {"name": "杨二"})
    assert first.status_code == 200
    assert (second.status_code, second.json()["code"]) == (412, "version-mismatch")
    current = await client.get(f"/v1/residents/{world.residents['A']}", headers=callers.admin())
    assert (current.json()["name"], current.json()["version"]) == ("杨一", 2)


async def test_update_without_if_match_is_428(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await patch(client, world, callers.admin(), {"name": "杨三"}, if_match=None)
    assert (response.status_code, response.json()["code"]) == (428, "precondition-required")


async def test_weak_and_bare_versions_are_understood(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    weak = await patch(client, world, callers.admin(), {"name": "杨四"}, if_match='W/"1"')
    bare = await patch(client, world, callers.admin(), {"name": "杨五"}, if_match="2")
    assert (weak.status_code, bare.status_code) == (200, 200)
    assert bare.json()["version"] == 3


async def test_phone_can_be_removed(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await patch(client, world, callers.admin(), {"phone": None})
    assert response.json()["phone"] is None


@pytest.mark.parametrize(
    ("body", "if_match", "field"),
    [
        ({"phone": "2222"}, '"1"', "body.phone"),
        ({"name": None}, '"1"', "body.name"),
        ({"registration": "tourist"}, '"1"', "body.registration"),
        ({}, '"1"', "body"),
        ({"name": "杨六"}, '"one"', "header.if-match"),
    ],
)
async def test_invalid_update_is_422_naming_the_field_and_changes_nothing(
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    body: dict[str, Any],
    if_match: str,
    field: str,
) -> None:
    response = await patch(client, world, callers.admin(), body, if_match=if_match)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]
    current = await client.get(f"/v1/residents/{world.residents['A']}", headers=callers.admin())
    assert current.json()["version"] == 1


async def test_update_outside_scope_is_404_and_by_street_secretary_403(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    other_grid = await patch(client, world, callers.grid_worker("A"), {"name": "X"}, grid="B")
    street = await patch(client, world, callers.street_secretary("S1"), {"name": "X"})
    assert other_grid.status_code == 404
    assert street.status_code == 403
