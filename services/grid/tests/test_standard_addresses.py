"""Standard addresses: an address list imported row by row (matched by code, then by the
normalised fields), read within scope, joined to buildings and homes, merged."""

from typing import Any

import httpx
import pytest
from grid_world import Callers, World

IMPORT = "/v1/standard-addresses/import"


def row(world: World, grid: str = "A", number: int = 1, **changes: Any) -> dict[str, Any]:
    community = {"A": "洱河社区", "B": "洱河社区", "C": "文献社区", "D": "太和社区"}[grid]
    return {
        "code": f"53299900{grid}{number:04d}",
        "grid_unit_code": world.grid_codes[grid],
        "province": "云南省",
        "city": "大理白族自治州",
        "county": "大理市",
        "town": "下关街道",
        "community": community,
        "road": "测试路",
        "number": str(number),
        "building": "1",
        **changes,
    }


async def imported(
    client: httpx.AsyncClient, headers: dict[str, str], rows: list[Any], **options: Any
) -> dict[str, Any]:
    response = await client.post(IMPORT, json={"rows": rows, **options}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def outcomes(answer: dict[str, Any]) -> list[str]:
    return [result["outcome"] for result in answer["results"]]


async def test_a_list_is_answered_row_by_row_and_bad_rows_never_stop_the_others(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    rows: list[Any] = [row(world, number=n) for n in range(1, 8)]
    rows[2] = {**rows[2], "number": ""}  # empty door number
    rows[4] = {**rows[4], "code": "bad code"}
    rows[5] = {**rows[5], "colour": "red"}  # not a field of an address
    answer = await imported(client, callers.community_secretary("C1"), rows)
    assert outcomes(answer) == ["created", "created", "rejected", "created", "rejected",
                                "rejected", "created"]  # fmt: skip
    assert answer["counts"] == {"created": 4, "rejected": 3}
    assert [issue["field"] for issue in answer["results"][2]["issues"]] == ["number"]
    assert [issue["field"] for issue in answer["results"][4]["issues"]] == ["code"]
    assert [issue["field"] for issue in answer["results"][5]["issues"]] == ["colour"]
    listed = await client.get("/v1/standard-addresses", headers=callers.community_secretary("C1"))
    assert sorted(item["code"] for item in listed.json()["items"]) == sorted(
        rows[n]["code"] for n in (0, 1, 3, 6)
    )


async def test_reasons_come_in_the_callers_language(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    rows = [row(world, grid="D")]  # grid D is outside community C1
    chinese = await imported(client, callers.community_secretary("C1"), rows)
    english = await imported(
        client, {**callers.community_secretary("C1"), "Accept-Language": "en"}, rows
    )
    assert chinese["results"][0]["issues"] == [
        {"field": "grid_unit_code", "reason": "不在您的管辖范围内"}
    ]
    assert english["results"][0]["issues"] == [
        {"field": "grid_unit_code", "reason": "is outside your area"}
    ]


async def test_the_same_list_again_changes_nothing_and_a_changed_row_updates(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    headers = callers.community_secretary("C1")
    rows = [row(world, number=1), row(world, number=3)]
    await imported(client, headers, rows)
    again = await imported(client, headers, rows)
    assert outcomes(again) == ["unchanged", "unchanged"]
    renamed = await imported(client, headers, [{**rows[0], "road": "新测试路"}])
    assert outcomes(renamed) == ["updated"]
    assert renamed["results"][0]["matched_by"] == "code"
    read = await client.get(
        f"/v1/standard-addresses/{renamed['results'][0]['address_id']}", headers=headers
    )
    assert read.json()["full_text"] == "云南省大理白族自治州大理市下关街道洱河社区新测试路1号1栋"
    assert read.json()["level"] == "building"


async def test_a_list_without_codes_is_matched_by_normalised_fields_never_by_similarity(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    headers = callers.community_secretary("C1")
    created = await imported(client, headers, [row(world, number=12, building="3")])
    other_spelling = row(world, number=12, building="三幢")
    near_miss = row(world, number=13, building="3")
    for candidate in (other_spelling, near_miss):
        del candidate["code"]
    answer = await imported(client, headers, [other_spelling, near_miss])
    assert outcomes(answer) == ["matched", "rejected"]
    assert answer["results"][0]["matched_by"] == "fields"
    assert answer["results"][0]["address_id"] == created["results"][0]["address_id"]
    assert answer["results"][1]["issues"][0]["field"] == "code"  # new, and no code to add it


async def test_one_place_under_another_code_is_a_conflict_and_nothing_is_written(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    headers = callers.community_secretary("C1")
    await imported(client, headers, [row(world, number=5)])
    answer = await imported(client, headers, [row(world, number=5, code="532999OTHER05")])
    assert outcomes(answer) == ["conflict"]
    assert "53299900A0005" in answer["results"][0]["issues"][0]["reason"]
    missing = await client.get(
        "/v1/standard-addresses", params={"code": "532999OTHER05"}, headers=headers
    )
    assert missing.json()["items"] == []


async def test_a_row_repeated_in_one_list_is_refused_naming_the_first(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    answer = await imported(
        client, callers.community_secretary("C1"), [row(world, number=8), row(world, number=8)]
    )
    assert outcomes(answer) == ["created", "rejected"]
    assert answer["results"][1]["issues"][0]["field"] == "code"
    assert "1" in answer["results"][1]["issues"][0]["reason"]


async def test_a_dry_run_answers_the_same_and_writes_nothing(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    headers = callers.community_secretary("C1")
    rows = [row(world, number=21), row(world, number=22, grid_unit_code="NO-SUCH-UNIT")]
    dry = await imported(client, headers, rows, dry_run=True)
    assert dry["dry_run"] is True
    assert outcomes(dry) == ["created", "rejected"]
    listed = await client.get("/v1/standard-addresses", headers=headers)
    assert listed.json()["items"] == []


async def test_scope_holds_for_lists_reads_and_imports(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    admin = callers.admin()
    answer = await imported(client, admin, [row(world, "A", 1), row(world, "D", 1)])
    in_a, in_d = (result["address_id"] for result in answer["results"])
    worker_a = callers.grid_worker("A")
    listed = await client.get("/v1/standard-addresses", headers=worker_a)
    assert [item["id"] for item in listed.json()["items"]] == [in_a]
    assert (await client.get(f"/v1/standard-addresses/{in_d}", headers=worker_a)).status_code == 404
    by_code = await client.get(
        "/v1/standard-addresses", params={"code": "53299900D0001"}, headers=worker_a
    )
    assert by_code.json()["items"] == []
    by_text = await client.get(
        "/v1/standard-addresses", params={"text": "太和社区"}, headers=worker_a
    )
    assert by_text.json()["items"] == []
    # Another community's known code is refused, not updated.
    secretary_c1 = callers.community_secretary("C1")
    refused = await imported(client, secretary_c1, [row(world, "D", 1, road="改名路")])
    assert outcomes(refused) == ["rejected"]
    still = await client.get(f"/v1/standard-addresses/{in_d}", headers=admin)
    assert still.json()["road"] == "测试路"


@pytest.mark.parametrize("role", ["grid_worker", "volunteer"])
async def test_only_offices_import_address_lists(
    client: httpx.AsyncClient, world: World, callers: Callers, role: str
) -> None:
    headers = callers.grid_worker("A") if role == "grid_worker" else callers.volunteer("A")
    response = await client.post(IMPORT, json={"rows": [row(world)]}, headers=headers)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_list_over_a_thousand_rows_or_empty_is_refused_naming_rows(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    headers = callers.community_secretary("C1")
    for rows in ([], [row(world, number=n % 9999) for n in range(1001)]):
        response = await client.post(IMPORT, json={"rows": rows}, headers=headers)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "body.rows"


async def test_buildings_and_homes_join_an_address_of_their_community(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    headers = callers.community_secretary("C1")
    home = row(world, number=1, unit="1", floor="1", room="101", code="53299900A0001H")
    answer = await imported(client, headers, [row(world, number=1), home, row(world, "C", 2)])
    building_address, home_address, other_community = (
        result["address_id"] for result in answer["results"][:3]
    )
    assert answer["results"][2]["outcome"] == "rejected"  # C is outside C1
    joined = await client.put(
        f"/v1/buildings/{world.buildings['A']}/standard-address",
        json={"standard_address_id": building_address},
        headers=callers.grid_worker("A"),
    )
    assert joined.status_code == 200, joined.text
    assert joined.json()["standard_address_id"] == building_address
    home_joined = await client.put(
        f"/v1/households/{world.households['A']}/standard-address",
        json={"standard_address_id": home_address},
        headers=headers,
    )
    assert home_joined.json()["standard_address_id"] == home_address
    unjoined = await client.get(
        "/v1/standard-addresses", params={"joined": "false"}, headers=headers
    )
    assert unjoined.json()["items"] == []
    assert other_community is None
    # A building in grid B cannot join an address the worker of A may not see, nor one
    # of another community.
    other = await client.put(
        f"/v1/buildings/{world.buildings['C']}/standard-address",
        json={"standard_address_id": building_address},
        headers=callers.admin(),
    )
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "standard_address_id"
    hidden = await client.put(
        f"/v1/buildings/{world.buildings['B']}/standard-address",
        json={"standard_address_id": building_address},
        headers=callers.grid_worker("A"),
    )
    assert hidden.status_code == 404


async def test_merging_moves_the_joins_and_removes_the_duplicate(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    headers = callers.community_secretary("C1")
    answer = await imported(
        client,
        headers,
        [row(world, number=1), row(world, number=1, building="1A", code="DUP0000001")],
    )
    kept, duplicate = (result["address_id"] for result in answer["results"])
    await client.put(
        f"/v1/buildings/{world.buildings['A']}/standard-address",
        json={"standard_address_id": duplicate},
        headers=headers,
    )
    merged = await client.post(
        f"/v1/standard-addresses/{duplicate}/merge", json={"into": kept}, headers=headers
    )
    assert merged.status_code == 200, merged.text
    gone = await client.get(f"/v1/standard-addresses/{duplicate}", headers=headers)
    assert gone.status_code == 404
    buildings = await client.get(
        "/v1/buildings", params={"grid_unit_id": str(world.grids["A"])}, headers=headers
    )
    assert buildings.json()["items"][0]["standard_address_id"] == kept
    itself = await client.post(
        f"/v1/standard-addresses/{kept}/merge", json={"into": kept}, headers=headers
    )
    assert itself.status_code == 422
    assert itself.json()["errors"][0]["field"] == "into"
