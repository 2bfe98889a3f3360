import httpx

from weimin_kit.migrations import head_revision
from weimin_org_registry.app import MIGRATIONS_DIR


async def test_ready_when_database_is_at_head(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["schema"] == {
        "current": head_revision(MIGRATIONS_DIR),
        "head": head_revision(MIGRATIONS_DIR),
    }


async def test_unknown_path_is_a_problem_document(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not-found"
