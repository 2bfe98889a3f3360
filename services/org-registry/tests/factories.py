"""Small builders of valid request bodies and a reader of outbox rows, for the tests."""

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from weimin_kit.pii import checksum_char
from weimin_org_registry.models import Base


def id_card(n: int, born: str = "19800101") -> str:
    """A checksum-valid identity number from the demo area range, unique per `n`."""
    first17 = f"532990{born}{n % 1000:03d}"
    return first17 + checksum_char(first17)


def person_body(n: int, community_id: uuid.UUID, **extra: Any) -> dict[str, Any]:
    return {
        "name": f"杨{n}",
        "gender": "male",
        "ethnicity": "白族",
        "id_card_number": id_card(n),
        "phone": f"1990000{n:04d}",
        "community_id": str(community_id),
        **extra,
    }


async def create(
    client: httpx.AsyncClient, path: str, body: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def outbox(app: FastAPI, event_type: str) -> list[dict[str, Any]]:
    table = Base.metadata.tables["outbox_events"]
    async with app.state.database.sessionmaker() as session:
        rows = await session.execute(select(table).where(table.c.type == event_type))
        return [dict(row._mapping) for row in rows]


async def count_rows(app: FastAPI, table_name: str) -> int:
    table = Base.metadata.tables[table_name]
    async with app.state.database.sessionmaker() as session:
        return len((await session.execute(select(table.c.id))).all())
