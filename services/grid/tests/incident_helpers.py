"""Small factories for incident tests."""

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import MetaData, select

from weimin_kit.tables import outbox_table

#: A point inside each test grid (see grid_world: 0.01° squares from 100.20°E).
POINT_IN = {
    "A": (100.2052, 25.6051),
    "B": (100.2152, 25.6051),
    "C": (100.2252, 25.6051),
    "D": (100.2352, 25.6051),
}
_OUTBOX = outbox_table(MetaData())


def report_body(grid: str = "A", **overrides: Any) -> dict[str, Any]:
    lon, lat = POINT_IN[grid]
    body: dict[str, Any] = {
        "category_code": "0101",
        "priority": "normal",
        "title": "路边暴露垃圾",
        "description": "垃圾堆在路口",
        "location": {"lon": lon, "lat": lat},
        "extra": {"volume": "cart"},
    }
    body.update(overrides)
    return body


async def report(
    client: httpx.AsyncClient, headers: dict[str, str], grid: str = "A", **overrides: Any
) -> dict[str, Any]:
    response = await client.post(
        "/v1/incidents", json=report_body(grid, **overrides), headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def act(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    incident: dict[str, Any],
    action: str,
    **body: Any,
) -> httpx.Response:
    return await client.post(
        f"/v1/incidents/{incident['id']}/transitions",
        json={"action": action, **body},
        headers={**headers, "If-Match": f'"{incident["version"]}"'},
    )


async def walk(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    incident: dict[str, Any],
    *actions: str,
) -> dict[str, Any]:
    """Apply each action in turn (assign goes to the caller), expecting success."""
    for action in actions:
        extra = {"assignee": "worker-A"} if action == "assign" else {}
        response = await act(client, headers, incident, action, **extra)
        assert response.status_code == 200, response.text
        incident = response.json()
    return incident


async def events(app: FastAPI, subject: str) -> list[tuple[str, dict[str, Any]]]:
    async with app.state.database.sessionmaker() as session:
        rows = await session.execute(
            select(_OUTBOX.c.type, _OUTBOX.c.data)
            .where(_OUTBOX.c.subject == subject)
            .order_by(_OUTBOX.c.id)
        )
        return [(row.type, row.data) for row in rows]
