import httpx
from fastapi import FastAPI
from sqlalchemy import text

from weimin_kit.testing import TestKeys


async def outbox_rows(app: FastAPI) -> list[tuple[str, str, str]]:
    async with app.state.database.sessionmaker() as session:
        result = await session.execute(
            text("SELECT type, subject, state FROM outbox_events ORDER BY id")
        )
        return [tuple(row) for row in result.all()]


async def test_event_is_written_with_the_change(
    client: httpx.AsyncClient, app: FastAPI, test_keys: TestKeys
) -> None:
    created = await client.post(
        "/v1/notes", json={"title": "t", "area": "a"}, headers=test_keys.headers(roles=["admin"])
    )
    assert created.status_code == 201
    assert await outbox_rows(app) == [
        ("cn.weimin.note.created.v1", created.json()["id"], "pending")
    ]


async def test_no_event_survives_a_rolled_back_change(
    client: httpx.AsyncClient, app: FastAPI, test_keys: TestKeys
) -> None:
    failed = await client.post(
        "/v1/notes/then-fail",
        json={"title": "ghost", "area": "a"},
        headers=test_keys.headers(roles=["admin"]),
    )
    assert failed.status_code == 500
    assert await outbox_rows(app) == []
