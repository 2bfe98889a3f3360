import httpx

from weimin_kit.testing import TestKeys

PROBLEM = "application/problem+json"


def admin(keys: TestKeys) -> dict[str, str]:
    return keys.headers(roles=["admin"])


async def test_validation_names_every_bad_field(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    response = await client.post(
        "/v1/notes", json={"title": "", "count": 99}, headers=admin(test_keys)
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["code"] == "validation-failed"
    fields = {e["field"]: e["code"] for e in body["errors"]}
    assert fields == {
        "body.title": "string_too_short",
        "body.area": "missing",
        "body.count": "less_than_equal",
    }
    assert body["request_id"] == response.headers["x-request-id"]


async def test_malformed_json_is_a_422_not_a_500(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    response = await client.post(
        "/v1/notes",
        content=b'{"title": "x",',
        headers={**admin(test_keys), "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "json_invalid"


async def test_bad_query_parameter_names_the_parameter(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    response = await client.get("/v1/notes/admin-only?q=-1", headers=admin(test_keys))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.q"


async def test_unknown_route_is_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/unknown")
    assert (response.status_code, response.json()["code"]) == (404, "not-found")
    assert response.headers["content-type"] == PROBLEM


async def test_wrong_method_is_405_problem(client: httpx.AsyncClient) -> None:
    response = await client.delete("/v1/notes")
    assert (response.status_code, response.json()["code"]) == (405, "method-not-allowed")


async def test_domain_conflict_carries_its_own_code(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    note = {"title": "same", "area": "a1"}
    assert (await client.post("/v1/notes", json=note, headers=admin(test_keys))).status_code == 201
    second = await client.post("/v1/notes", json=note, headers=admin(test_keys))
    assert (second.status_code, second.json()["code"]) == (409, "note-exists")


async def test_unchecked_constraint_violation_is_409_and_rolled_back(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    note = {"title": "dup", "area": "a1"}
    assert (await client.post("/v1/notes", json=note, headers=admin(test_keys))).status_code == 201
    second = await client.post("/v1/notes/raw-duplicate", json=note, headers=admin(test_keys))
    assert (second.status_code, second.json()["code"]) == (409, "conflict")
    listed = await client.get("/v1/notes", headers=admin(test_keys))
    assert [n["title"] for n in listed.json()["items"]] == ["dup"]


async def test_crash_after_a_write_is_500_without_internals_and_writes_nothing(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    response = await client.post(
        "/v1/notes/then-fail", json={"title": "ghost", "area": "a1"}, headers=admin(test_keys)
    )
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "internal-error"
    assert "secret-internal-detail" not in response.text
    assert "Traceback" not in response.text
    listed = await client.get("/v1/notes", headers=admin(test_keys))
    assert listed.json()["items"] == []


async def test_openapi_documents_problem_details_not_fastapi_errors(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/openapi.json")).json()
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert schemas["Problem"]["required"] == ["type", "title", "status", "code"]
    create = document["paths"]["/v1/notes"]["post"]
    assert create["operationId"] == "notes-create_note"
    schema = create["responses"]["422"]["content"]["application/problem+json"]["schema"]
    assert schema["allOf"][0] == {"$ref": "#/components/schemas/Problem"}
    assert "validation-failed" in create["responses"]["422"]["x-problem-codes"]
