"""A reveal's author reads their own reveal history, and nobody else's."""

import httpx
import pytest
from grid_world import Callers, World

REASON = "入户走访核实身份"


async def reveal(
    client: httpx.AsyncClient, world: World, grid: str, headers: dict[str, str]
) -> str:
    response = await client.post(
        f"/v1/residents/{world.residents[grid]}/reveal",
        json={"reason": f"{REASON}（{grid}）", "fields": ["phone"]},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["audit_id"])


async def test_a_grid_worker_reads_only_their_own_reveals_newest_first(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    first = await reveal(client, world, "A", callers.grid_worker("A"))
    second = await reveal(client, world, "A", callers.grid_worker("A"))
    # The same grid, another worker: their row is in the same community's log, not in mine.
    await reveal(client, world, "A", callers.grid_worker("A", subject="worker-A2"))
    await reveal(client, world, "B", callers.grid_worker("B"))
    await reveal(client, world, "A", callers.admin())

    response = await client.get("/v1/audit/reveals/mine", headers=callers.grid_worker("A"))

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [item["id"] for item in items] == [second, first]
    assert {item["resident_id"] for item in items} == {str(world.residents["A"])}
    assert items[0]["resident_name"] == "杨A松"
    assert items[0]["fields"] == ["phone"]
    assert items[0]["reason"] == f"{REASON}（A）"
    # The audit row's other columns (who, roles, request id) are the auditors' business.
    assert "principal_subject" not in items[0]


async def test_own_reveals_page_with_a_cursor(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    ids = [await reveal(client, world, "A", callers.grid_worker("A")) for _ in range(3)]
    first = (
        await client.get("/v1/audit/reveals/mine?limit=2", headers=callers.grid_worker("A"))
    ).json()
    assert [item["id"] for item in first["items"]] == [ids[2], ids[1]]
    rest = (
        await client.get(
            "/v1/audit/reveals/mine",
            params={"limit": 2, "cursor": first["next_cursor"]},
            headers=callers.grid_worker("A"),
        )
    ).json()
    assert [item["id"] for item in rest["items"]] == [ids[0]]
    assert rest["next_cursor"] is None


async def test_a_resident_now_outside_scope_is_listed_without_a_name(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    # The same person (subject) revealed in grid A, then was appointed to grid B only.
    await reveal(client, world, "A", callers.grid_worker("A", subject="worker-moved"))
    moved = callers.grid_worker("B", subject="worker-moved")
    items = (await client.get("/v1/audit/reveals/mine", headers=moved)).json()["items"]
    assert [(item["resident_id"], item["resident_name"]) for item in items] == [
        (str(world.residents["A"]), None)
    ]


async def test_a_caller_with_no_reveals_gets_an_empty_list(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    await reveal(client, world, "A", callers.grid_worker("A"))
    response = await client.get("/v1/audit/reveals/mine", headers=callers.grid_worker("B"))
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("role", ["street_secretary", "volunteer"])
async def test_roles_that_never_reveal_have_no_history_to_read(
    client: httpx.AsyncClient, world: World, callers: Callers, role: str
) -> None:
    headers = callers.street_secretary("S1") if role == "street_secretary" else callers.volunteer()
    response = await client.get("/v1/audit/reveals/mine", headers=headers)
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


async def test_own_reveals_reject_a_malformed_cursor(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.get(
        "/v1/audit/reveals/mine?cursor=%%%", headers=callers.grid_worker("A")
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["query.cursor"]
