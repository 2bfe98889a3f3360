"""Checks every service runs against itself, so each proves the kit is wired in."""

from pathlib import Path

import httpx

from weimin_kit.migrations import head_revision


async def check_ready_at_head(client: httpx.AsyncClient, migrations_dir: Path) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200, response.text
    head = head_revision(migrations_dir)
    assert head is not None
    assert response.json()["checks"]["schema"] == {"current": head, "head": head}


async def check_unknown_path_is_a_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not-found"
