"""Each operation's OpenAPI lists the problem codes it can answer with, and a test fails on
a problem its operation does not list."""

from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Header

from weimin_kit.auth import SecondFactorPrincipal
from weimin_kit.errors import Conflict, NotFound, install_error_handlers
from weimin_kit.openapi import problem_aware_openapi
from weimin_kit.problems import problems
from weimin_kit.testing import TestKeys
from weimin_kit.testing.problem_codes import UndeclaredProblem, check_declared, declaration_faults


class ShelfFull(Conflict):
    code = "shelf-full"
    title = "The shelf is full"
    title_zh = "书架已满"


class ShelfLocked(Conflict):
    code = "shelf-locked"
    title = "The shelf is locked"


def codes(operation: dict[str, Any]) -> dict[str, list[str]]:
    return {
        status: response["x-problem-codes"]
        for status, response in operation["responses"].items()
        if "x-problem-codes" in response
    }


def shelf_app() -> FastAPI:
    router = APIRouter(prefix="/v1/shelves", tags=["shelves"])

    @router.post("/{shelf}/books", responses=problems(ShelfFull, NotFound))
    async def add_book(shelf: str) -> dict[str, str]:
        if shelf == "full":
            raise ShelfFull()
        if shelf == "locked":
            raise ShelfLocked()
        raise NotFound("No such shelf")

    @router.get("/{shelf}")
    async def read_shelf(shelf: str, who: SecondFactorPrincipal) -> dict[str, str]:
        return {"shelf": shelf}

    @router.put("/{shelf}")
    async def replace_shelf(
        shelf: str, if_match: Annotated[str | None, Header()] = None
    ) -> dict[str, str]:
        return {"shelf": shelf}

    app = FastAPI()
    app.openapi = problem_aware_openapi(app)  # type: ignore[method-assign]
    install_error_handlers(app)
    app.include_router(router)
    return app


def test_a_route_publishes_its_declared_and_its_implied_codes() -> None:
    paths = shelf_app().openapi()["paths"]
    add = codes(paths["/v1/shelves/{shelf}/books"]["post"])
    assert add["409"] == ["conflict", "idempotency-request-in-progress", "shelf-full"]
    assert add["404"] == ["not-found"]
    assert add["413"] == ["payload-too-large"]
    assert add["422"] == ["idempotency-key-reused", "validation-failed"]
    assert add["429"] == ["rate-limited"]
    assert add["500"] == ["internal-error"]
    # The dependency tree: the signed-in caller, then a second factor on top of it.
    read = codes(paths["/v1/shelves/{shelf}"]["get"])
    assert read["401"] == ["session-revoked", "token-expired", "unauthenticated"]
    assert read["403"] == ["second-factor-sign-in-required"]
    assert "409" not in read
    assert "413" not in read
    # An If-Match header parameter: the precondition codes.
    replace = codes(paths["/v1/shelves/{shelf}"]["put"])
    assert replace["412"] == ["precondition-failed"]
    assert replace["428"] == ["precondition-required"]
    assert "401" not in replace


def test_the_code_is_an_enum_on_each_response_schema() -> None:
    response = shelf_app().openapi()["paths"]["/v1/shelves/{shelf}/books"]["post"]["responses"]
    schema = response["409"]["content"]["application/problem+json"]["schema"]
    assert schema["allOf"][0] == {"$ref": "#/components/schemas/Problem"}
    assert schema["allOf"][1]["properties"]["code"]["enum"] == [
        "conflict",
        "idempotency-request-in-progress",
        "shelf-full",
    ]


async def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://shelves.test",
        event_hooks={"response": [check_declared(app)]},
    )


async def test_a_declared_problem_passes_and_an_undeclared_one_fails_the_test(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WEIMIN_PROBLEM_CODES_LOG", raising=False)
    app = shelf_app()
    async with await _client(app) as client:
        assert (await client.post("/v1/shelves/full/books")).status_code == 409
        assert (await client.post("/v1/shelves/none/books")).status_code == 404
        # No route: the router's own 404 and 405 are not the route's to declare.
        assert (await client.get("/v1/nowhere")).status_code == 404
        assert (await client.delete("/v1/shelves/full")).status_code == 405
        with pytest.raises(UndeclaredProblem, match="shelf-locked"):
            await client.post("/v1/shelves/locked/books")


def test_declaration_faults_name_undeclared_raises_and_missing_titles() -> None:
    faults = declaration_faults(shelf_app(), __name__.rpartition(".")[0] or __name__)
    assert "POST /v1/shelves/{shelf}/books raises ShelfLocked (shelf-locked) undeclared" in faults
    assert "ShelfLocked (shelf-locked) has no zh-CN title (title_zh)" in faults
    assert not any("ShelfFull" in fault for fault in faults)


async def test_the_sample_service_declares_every_code_its_tests_meet(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    # The service fixtures' client carries the check: a 409 note-exists is declared.
    note = {"title": "t", "area": "a"}
    headers = test_keys.headers(roles=["admin"])
    assert (await client.post("/v1/notes", json=note, headers=headers)).status_code == 201
    assert (await client.post("/v1/notes", json=note, headers=headers)).json()["code"] == (
        "note-exists"
    )
