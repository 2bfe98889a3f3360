"""Data-subject requests: correction (PIPL art. 46) and deletion (art. 47), recorded by
staff in scope, carried out or refused by a community secretary, every step audited."""

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World, phone, unmasked_values

from weimin_grid.privacy.anonymise import ANONYMISED_NAME
from weimin_grid.privacy.models import DataRequest
from weimin_grid.privacy.retention import sweep_once
from weimin_grid.registry.models import Resident
from weimin_kit.types import utcnow

NEW_PHONE = phone(77)


async def record(
    client: httpx.AsyncClient,
    world: World,
    headers: dict[str, str],
    grid: str = "A",
    **body: Any,
) -> httpx.Response:
    return await client.post(
        f"/v1/residents/{world.residents[grid]}/data-requests",
        json={"reason": "居民本人到社区提出申请", **body},
        headers=headers,
    )


async def decide(
    client: httpx.AsyncClient,
    request_id: str,
    action: str,
    headers: dict[str, str],
    reason: str | None = "核实无误，予以办理",
) -> httpx.Response:
    body = {} if reason is None else {"reason": reason}
    return await client.post(f"/v1/data-requests/{request_id}/{action}", json=body, headers=headers)


async def audit_actions(client: httpx.AsyncClient, world: World, callers: Callers) -> list[str]:
    listed = await client.get(
        "/v1/audit/personal-data",
        params={"resident_id": str(world.residents["A"])},
        headers=callers.admin(),
    )
    return sorted(entry["action"] for entry in listed.json()["items"])


async def stored(app: FastAPI, request_id: str) -> DataRequest:
    async with app.state.database.sessionmaker() as session:
        request = await session.get(DataRequest, uuid.UUID(request_id))
        assert request is not None
        return request


async def test_a_correction_is_recorded_then_carried_out_and_audited(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    created = await record(
        client,
        world,
        callers.grid_worker("A"),
        kind="correction",
        changes={"name": "杨新松", "phone": NEW_PHONE},
    )
    assert created.status_code == 201, created.text
    request = created.json()
    assert (request["kind"], request["state"], request["fields"], request["requested_by"]) == (
        "correction",
        "pending",
        ["name", "phone"],
        "worker-A",
    )
    assert unmasked_values(request) == []
    assert NEW_PHONE not in str((await stored(app, request["id"])).changes)  # sealed

    done = await decide(client, request["id"], "complete", callers.community_secretary("C1"))
    assert done.status_code == 200, done.text
    assert (done.json()["state"], done.json()["decided_by"]) == ("completed", "secretary-C1")
    assert (await stored(app, request["id"])).changes is None
    resident = await client.get(
        f"/v1/residents/{world.residents['A']}", headers=callers.grid_worker("A")
    )
    assert (resident.json()["name"], resident.json()["phone"], resident.json()["version"]) == (
        "杨新松",
        f"{NEW_PHONE[:3]}****{NEW_PHONE[-4:]}",
        2,
    )
    assert await audit_actions(client, world, callers) == [
        "data_request.correction.completed",
        "data_request.correction.recorded",
        "resident.corrected",
    ]


async def test_a_request_is_decided_once(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    created = await record(client, world, callers.grid_worker("A"), kind="deletion")
    secretary = callers.community_secretary("C1")
    first = await decide(client, created.json()["id"], "refuse", secretary, "户籍登记为法定职责")
    again = await decide(client, created.json()["id"], "complete", secretary)
    refuse_again = await decide(client, created.json()["id"], "refuse", secretary)
    assert first.status_code == 200
    assert [(r.status_code, r.json()["code"]) for r in (again, refuse_again)] == [
        (409, "data-request-decided"),
        (409, "data-request-decided"),
    ]


async def test_a_deletion_carried_out_anonymises_the_resident_now(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    created = await record(client, world, callers.grid_worker("A"), kind="deletion")
    done = await decide(client, created.json()["id"], "complete", callers.admin(), None)
    assert (done.status_code, done.json()["decision_reason"]) == (200, None)
    async with app.state.database.sessionmaker() as session:
        resident = await session.get(Resident, world.residents["A"])
    assert resident is not None
    assert (resident.name, resident.id_card_index, resident.phone_index) == (
        ANONYMISED_NAME,
        None,
        None,
    )
    assert await audit_actions(client, world, callers) == [
        "data_request.deletion.completed",
        "data_request.deletion.recorded",
        "resident.anonymised",
    ]
    # Nothing is left to ask for.
    late = await record(client, world, callers.grid_worker("A"), kind="deletion")
    assert (late.status_code, late.json()["code"]) == (409, "resident-anonymised")


async def test_a_refusal_keeps_the_resident_and_drops_the_asked_for_values(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    created = await record(
        client, world, callers.grid_worker("A"), kind="correction", changes={"phone": NEW_PHONE}
    )
    refused = await decide(
        client, created.json()["id"], "refuse", callers.community_secretary("C1"), "号码无法核实"
    )
    assert (refused.json()["state"], refused.json()["decision_reason"]) == (
        "refused",
        "号码无法核实",
    )
    assert (await stored(app, created.json()["id"])).changes is None
    reveal = await client.post(
        f"/v1/residents/{world.residents['A']}/reveal",
        json={"reason": "核实号码", "fields": ["phone"]},
        headers=callers.grid_worker("A"),
    )
    assert reveal.json()["phone"] == world.phones["A"]


async def test_anonymising_a_resident_drops_the_values_of_a_pending_correction(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    created = await record(
        client, world, callers.grid_worker("A"), kind="correction", changes={"name": "杨新松"}
    )
    secretary = callers.community_secretary("C1")
    moved = await client.post(
        f"/v1/residents/{world.residents['A']}/move-out",
        json={"reason": "迁出"},
        headers={**secretary, "If-Match": '"1"'},
    )
    assert moved.status_code == 200
    settings = app.state.settings.model_copy(update={"retention_anonymise_after_days": 0})
    await sweep_once(app.state.database, settings, utcnow())
    assert (await stored(app, created.json()["id"])).changes is None
    late = await decide(client, created.json()["id"], "complete", secretary)
    assert (late.status_code, late.json()["code"]) == (409, "resident-anonymised")
    refused = await decide(client, created.json()["id"], "refuse", secretary, "居民信息已匿名化")
    assert refused.json()["state"] == "refused"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"kind": "correction"}, "body.changes", "empty"),
        ({"kind": "correction", "changes": {}}, "body.changes", "empty"),
        ({"kind": "correction", "changes": {"name": None}}, "body.changes.name", "null"),
        (
            {"kind": "correction", "changes": {"phone": "12345"}},
            "body.changes.phone",
            "invalid-phone",
        ),
        ({"kind": "deletion", "changes": {"name": "杨松"}}, "body.changes", "not-allowed"),
        ({"kind": "erase"}, "body.kind", "literal_error"),
        ({"kind": "deletion", "reason": "短"}, "body.reason", "string_too_short"),
        ({"kind": "deletion", "reason": "x" * 501}, "body.reason", "string_too_long"),
    ],
)
async def test_a_bad_request_is_refused_naming_the_field(
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    body: dict[str, Any],
    field: str,
    code: str,
) -> None:
    response = await client.post(
        f"/v1/residents/{world.residents['A']}/data-requests",
        json={"reason": "居民本人到社区提出申请", **body},
        headers=callers.grid_worker("A"),
    )
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert (error["field"], error["code"]) == (field, code)


async def test_a_refusal_needs_a_reason(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    created = await record(client, world, callers.grid_worker("A"), kind="deletion")
    response = await decide(
        client, created.json()["id"], "refuse", callers.community_secretary("C1"), None
    )
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "body.reason")


async def test_another_grids_resident_and_requests_are_out_of_reach(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker_a = callers.grid_worker("A")
    mine = (await record(client, world, worker_a, kind="deletion")).json()
    theirs = (await record(client, world, callers.grid_worker("B"), "B", kind="deletion")).json()
    foreign = await record(client, world, worker_a, "B", kind="deletion")
    assert (foreign.status_code, foreign.json()["code"]) == (404, "not-found")
    by_id = await client.get(f"/v1/data-requests/{theirs['id']}", headers=worker_a)
    by_resident = await client.get(
        f"/v1/residents/{world.residents['B']}/data-requests", headers=worker_a
    )
    listed = await client.get("/v1/data-requests", headers=worker_a)
    assert (by_id.status_code, by_resident.status_code) == (404, 404)
    assert [r["id"] for r in listed.json()["items"]] == [mine["id"]]
    # Community C2's secretary neither sees nor decides C1's requests; C1's sees both.
    other = callers.community_secretary("C2")
    assert (await decide(client, mine["id"], "complete", other)).status_code == 404
    assert (await decide(client, mine["id"], "refuse", other, "不属本社区")).status_code == 404
    own = await client.get(
        "/v1/data-requests", params={"state": "pending"}, headers=callers.community_secretary("C1")
    )
    assert sorted(r["id"] for r in own.json()["items"]) == sorted([mine["id"], theirs["id"]])


async def test_a_grid_worker_records_but_does_not_decide(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    created = await record(client, world, callers.grid_worker("A"), kind="deletion")
    worker = await decide(client, created.json()["id"], "complete", callers.grid_worker("A"))
    street = callers.street_secretary("S1")
    by_street = await record(client, world, street, kind="deletion")
    assert (worker.status_code, by_street.status_code) == (403, 403)
    # A street secretary reads the list of its street, though.
    listed = await client.get("/v1/data-requests", headers=street)
    assert [r["id"] for r in listed.json()["items"]] == [created.json()["id"]]


async def test_whoever_recorded_a_request_cannot_decide_it_alone(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    secretary = callers.community_secretary("C1")
    created = await record(client, world, secretary, kind="deletion")
    assert created.status_code == 201, created.text
    own = [
        await decide(client, created.json()["id"], "complete", secretary),
        await decide(client, created.json()["id"], "refuse", secretary, "本人登记，不可自批"),
    ]
    assert [(r.status_code, r.json()["code"]) for r in own] == [
        (403, "data-request-own"),
        (403, "data-request-own"),
    ]
    by_admin = await decide(client, created.json()["id"], "complete", callers.admin(), None)
    assert (by_admin.status_code, by_admin.json()["state"]) == (200, "completed")


async def test_a_resident_anonymised_while_living_here_cannot_be_moved_out(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    created = await record(client, world, callers.grid_worker("A"), kind="deletion")
    done = await decide(client, created.json()["id"], "complete", callers.admin(), None)
    assert done.status_code == 200, done.text
    moved = await client.post(
        f"/v1/residents/{world.residents['A']}/move-out",
        json={"reason": "已搬走"},
        headers={**callers.community_secretary("C1"), "If-Match": '"2"'},
    )
    assert (moved.status_code, moved.json()["code"]) == (409, "resident-anonymised")
    async with app.state.database.sessionmaker() as session:
        resident = await session.get(Resident, world.residents["A"])
    assert resident is not None
    assert (resident.moved_out_at, resident.move_out_reason) == (None, None)
