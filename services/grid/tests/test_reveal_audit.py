import uuid

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World
from sqlalchemy import func, select

from weimin_grid.audit.models import RevealAudit

REASON = "入户走访核实身份"


async def audit_rows(app: FastAPI) -> list[RevealAudit]:
    async with app.state.database.sessionmaker() as session:
        return list((await session.scalars(select(RevealAudit))).all())


async def test_reveal_returns_plain_values_and_writes_one_audit_row(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers
) -> None:
    response = await client.post(
        f"/v1/residents/{world.residents['A']}/reveal",
        json={"reason": REASON, "fields": ["id_card_number", "phone"]},
        headers={**callers.grid_worker("A"), "X-Request-ID": "req-reveal-0001"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id_card_number"] == world.id_cards["A"]
    assert body["phone"] == world.phones["A"]
    assert response.headers["cache-control"] == "no-store"
    rows = await audit_rows(app)
    assert len(rows) == 1
    row = rows[0]
    assert (row.id, row.resident_id) == (uuid.UUID(body["audit_id"]), world.residents["A"])
    assert (row.principal_subject, row.principal_roles) == ("worker-A", ["grid_worker"])
    assert (row.fields, row.reason, row.request_id) == (
        ["id_card_number", "phone"],
        REASON,
        "req-reveal-0001",
    )
    assert row.community_id == world.communities["C1"]


async def test_reveal_of_one_field_leaves_the_other_out(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers
) -> None:
    response = await client.post(
        f"/v1/residents/{world.residents['C']}/reveal",
        json={"reason": REASON, "fields": ["phone"]},
        headers=callers.community_secretary("C2"),
    )
    assert response.json()["phone"] == world.phones["C"]
    assert response.json()["id_card_number"] is None
    assert [r.fields for r in await audit_rows(app)] == [["phone"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"fields": ["phone"]}, "body.reason"),
        ({"reason": "  ", "fields": ["phone"]}, "body.reason"),
        ({"reason": "看", "fields": ["phone"]}, "body.reason"),
        ({"reason": REASON, "fields": []}, "body.fields"),
        ({"reason": REASON, "fields": ["name"]}, "body.fields.0"),
    ],
)
async def test_reveal_without_a_proper_reason_or_fields_is_422_and_not_audited(
    client: httpx.AsyncClient,
    app: FastAPI,
    world: World,
    callers: Callers,
    body: dict[str, object],
    field: str,
) -> None:
    response = await client.post(
        f"/v1/residents/{world.residents['A']}/reveal", json=body, headers=callers.grid_worker("A")
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert await audit_rows(app) == []


@pytest.mark.parametrize("caller", ["volunteer", "street_secretary"])
async def test_roles_that_may_not_reveal_get_403(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers, caller: str
) -> None:
    headers = callers.volunteer("A") if caller == "volunteer" else callers.street_secretary("S1")
    response = await client.post(
        f"/v1/residents/{world.residents['A']}/reveal",
        json={"reason": REASON},
        headers=headers,
    )
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert await audit_rows(app) == []


async def test_reveal_outside_scope_is_404_and_not_audited(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers
) -> None:
    response = await client.post(
        f"/v1/residents/{world.residents['B']}/reveal",
        json={"reason": REASON},
        headers=callers.grid_worker("A"),
    )
    assert (response.status_code, response.json()["code"]) == (404, "not-found")
    assert await audit_rows(app) == []


async def test_audit_log_is_for_admins_and_each_community_secretary_sees_its_own(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers
) -> None:
    for grid in ("A", "C"):
        revealed = await client.post(
            f"/v1/residents/{world.residents[grid]}/reveal",
            json={"reason": REASON},
            headers=callers.admin(),
        )
        assert revealed.status_code == 200
    admin = await client.get("/v1/audit/reveals", headers=callers.admin())
    c1 = await client.get("/v1/audit/reveals", headers=callers.community_secretary("C1"))
    c3 = await client.get("/v1/audit/reveals", headers=callers.community_secretary("C3"))
    by_resident = await client.get(
        "/v1/audit/reveals",
        params={"resident_id": str(world.residents["C"])},
        headers=callers.admin(),
    )
    worker = await client.get("/v1/audit/reveals", headers=callers.grid_worker("A"))
    street = await client.get("/v1/audit/reveals", headers=callers.street_secretary("S1"))

    def residents(response: httpx.Response) -> list[str]:
        assert response.status_code == 200, response.text
        return [item["resident_id"] for item in response.json()["items"]]

    assert residents(admin) == [str(world.residents["A"]), str(world.residents["C"])]
    assert residents(c1) == [str(world.residents["A"])]
    assert residents(c3) == []
    assert residents(by_resident) == [str(world.residents["C"])]
    assert admin.json()["items"][0]["reason"] == REASON
    assert worker.status_code == street.status_code == 403


async def test_audit_log_rejects_a_malformed_filter(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.get("/v1/audit/reveals?resident_id=x", headers=callers.admin())
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["query.resident_id"]


async def test_reveal_count_is_exact_per_request(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers
) -> None:
    for _ in range(2):
        await client.post(
            f"/v1/residents/{world.residents['A']}/reveal",
            json={"reason": REASON},
            headers=callers.grid_worker("A"),
        )
    async with app.state.database.sessionmaker() as session:
        count = await session.scalar(select(func.count()).select_from(RevealAudit))
    assert count == 2


async def test_reveal_and_export_need_a_sign_in_with_the_second_factor(
    client: httpx.AsyncClient, app: FastAPI, world: World, callers: Callers
) -> None:
    password_only = callers.keys.headers(
        roles=["grid_worker"], scopes=[f"grid:{world.grids['A']}"], amr=["pwd"]
    )
    reveal = await client.post(
        f"/v1/residents/{world.residents['A']}/reveal",
        json={"reason": REASON, "fields": ["phone"]},
        headers=password_only,
    )
    export = await client.get("/v1/exports/residents", headers=password_only)
    for refused in (reveal, export):
        assert refused.status_code == 403
        assert refused.json()["code"] == "second-factor-sign-in-required"
    assert await audit_rows(app) == []
    strong = callers.grid_worker("A")  # the test keys sign both factors in by default
    assert (await client.get("/v1/exports/residents", headers=strong)).status_code == 200
