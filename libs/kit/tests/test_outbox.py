import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import text

from sample.app import NoteCreated, count_note
from weimin_kit.events.inbox import Handler, handlers_of
from weimin_kit.outbox import record_event
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


class Untyped(BaseModel):
    title: str


async def test_a_payload_model_that_names_no_type_is_refused_before_anything_is_written(
    app: FastAPI,
) -> None:
    async with app.state.database.sessionmaker() as session:
        with pytest.raises(TypeError, match="names no event type"):
            await record_event(
                session, source="/weimin/sample", subject="s", payload=Untyped(title="t")
            )
    assert await outbox_rows(app) == []


def test_handlers_are_keyed_by_their_models_type_and_one_type_has_one_handler() -> None:
    handler = Handler(NoteCreated, count_note)
    assert handlers_of(handler) == {NoteCreated.event_type: handler}
    with pytest.raises(ValueError, match="two handlers"):
        handlers_of(handler, Handler(NoteCreated, count_note))
    with pytest.raises(TypeError):
        handlers_of(Handler(Untyped, count_note))  # type: ignore[arg-type]
