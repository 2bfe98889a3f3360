"""Many rows in one statement (COPY on PostgreSQL): what a batch writes lands as an INSERT
would have written it, in order, and a row breaking a constraint is SQLAlchemy's
IntegrityError on either database, the error every service answers 409."""

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from sample.app import Base, NoteCreated
from weimin_kit.bulk import insert_rows
from weimin_kit.outbox import event_row, record_events


async def test_a_batch_of_events_is_written_in_the_order_made(app: FastAPI) -> None:
    rows = [
        event_row(source="/weimin/sample", subject=f"note-{n}", payload=NoteCreated(title=f"t{n}"))
        for n in range(3)
    ]
    async with app.state.database.sessionmaker() as session:
        # The relay's order (weimin_kit.events.relay): by time, then id.
        await record_events(session, rows)
        written = (
            await session.execute(
                text("SELECT subject, type, state, attempts FROM outbox_events ORDER BY time, id")
            )
        ).all()
    assert [tuple(row) for row in written] == [
        (f"note-{n}", "cn.weimin.note.created.v1", "pending", 0) for n in range(3)
    ]


async def test_a_repeated_key_is_an_integrity_error_and_writes_nothing(app: FastAPI) -> None:
    notes = Base.metadata.tables["notes"]
    async with app.state.database.sessionmaker() as session:
        with pytest.raises(IntegrityError):
            async with session.begin_nested():
                await insert_rows(
                    session, notes, [{"title": "same", "area": "a"}, {"title": "same", "area": "b"}]
                )
        count = await session.scalar(text("SELECT count(*) FROM notes WHERE title = 'same'"))
    assert count == 0
