"""The HTTP transport end to end through the sample service's `/v1/events`: signed
deliveries are applied once, repeats change nothing, forgeries and poison are refused."""

import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from events_support import fresh_database, outbox_rows, record
from fastapi import FastAPI
from sqlalchemy import MetaData, select
from standardwebhooks.webhooks import Webhook

from sample.app import NOTE_CREATED, Tally, create_app
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.http import BATCH_CONTENT_TYPE, HttpTransport
from weimin_kit.events.relay import OutboxRelay, RelayPolicy
from weimin_kit.events.transport import DeliveryFailed
from weimin_kit.settings import DEV_EVENTS_SECRET, ServiceSettings
from weimin_kit.tables import dead_letter_table

SECRET = DEV_EVENTS_SECRET
_DEAD = dead_letter_table(MetaData())


@pytest_asyncio.fixture
async def consumer(tmp_path: Path) -> AsyncIterator[FastAPI]:
    async for database in fresh_database("kit-http-events", tmp_path):
        settings = ServiceSettings(
            service_name="sample",
            environment="test",
            events_transport="none",
            database_url=database.engine.url.render_as_string(False),
        )
        app = create_app(settings)
        assert isinstance(app, FastAPI)
        async with app.router.lifespan_context(app):
            yield app


def client_for(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sample")


def transport_to(app: FastAPI, secret: str = SECRET) -> HttpTransport:
    return HttpTransport(
        client_for(app),
        {"sample": "http://sample"},
        lambda event_type: ("sample",) if event_type == NOTE_CREATED else (),
        secret,
    )


async def tallies(app: FastAPI) -> dict[str, int]:
    async with app.state.database.sessionmaker() as session:
        return {t.title: t.count for t in (await session.scalars(select(Tally))).all()}


def event(title: object, event_id: str = "e-1") -> CloudEvent:
    return CloudEvent(
        specversion="1.0",
        id=event_id,
        source="/weimin/test",
        type=NOTE_CREATED,
        subject="s",
        data={"title": title},
    )


async def test_the_relay_delivers_over_http_and_a_repeat_changes_nothing(
    consumer: FastAPI, tmp_path: Path
) -> None:
    async for producer in fresh_database("kit-http-producer", tmp_path / "p"):
        await record(producer, "n1", "harbour")
        await record(producer, "n2", "lantern")
        transport = transport_to(consumer)
        relay = OutboxRelay(producer, transport, RelayPolicy())
        assert await relay.run_once() == 2
        assert {row["state"] for row in (await outbox_rows(producer)).values()} == {"published"}
        assert await tallies(consumer) == {"harbour": 1, "lantern": 1}

        again = event("harbour", event_id="repeat-me")
        await transport.publish(again)
        await transport.publish(again)  # the relay died before marking it: sent twice
        assert await tallies(consumer) == {"harbour": 2, "lantern": 1}


async def test_unsigned_and_wrongly_signed_deliveries_are_refused(consumer: FastAPI) -> None:
    body = event("forged").to_json()
    async with client_for(consumer) as client:
        unsigned = await client.post("/v1/events", content=body)
        other_key = Webhook("whsec_" + "b3RoZXIta2V5LW5vdC10aGUtcGxhdGZvcm1zLTMyYg==")
        now = datetime.now(UTC)
        forged = await client.post(
            "/v1/events",
            content=body,
            headers={
                "webhook-id": "e-1",
                "webhook-timestamp": str(int(now.timestamp())),
                "webhook-signature": other_key.sign("e-1", now, body.decode()),
            },
        )
    for answer in (unsigned, forged):
        assert answer.status_code == 401
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["code"] == "event-signature-invalid"
    assert await tallies(consumer) == {}


async def test_poison_is_refused_with_a_reason_and_nothing_is_written(consumer: FastAPI) -> None:
    transport = transport_to(consumer)
    poison = CloudEvent(
        specversion="1.0",
        id="poison-1",
        source="/weimin/test",
        type=NOTE_CREATED,
        subject="s",
        data={"title": ""},
    )
    with pytest.raises(DeliveryFailed, match=r"422.*event-rejected"):
        await transport.publish(poison)
    assert await tallies(consumer) == {}
    # An envelope that is no CloudEvent at all: refused the same way, naming the field.
    async with client_for(consumer) as client:
        body = json.dumps({"specversion": "0.3", "id": "x"}).encode()
        headers = transport._signature("x", body)
        answer = await client.post("/v1/events", content=body, headers=headers)
    assert answer.status_code == 422
    assert "specversion" in answer.json()["detail"]


async def test_poison_is_dead_lettered_and_logged_by_id_and_type_without_its_data(
    consumer: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    phone = "13800138000"  # what a payload may carry and no log or dead letter may show
    poison = CloudEvent(
        specversion="1.0",
        id="poison-3",
        source="/weimin/test",
        type=NOTE_CREATED,
        subject="s",
        data={"title": [phone]},
    )
    with caplog.at_level(logging.WARNING, logger="weimin.events"):
        with pytest.raises(DeliveryFailed, match=r"422.*event-rejected") as refused:
            await transport_to(consumer).publish(poison)
        # Delivered again (the producer retries a refusal): still one dead letter.
        with pytest.raises(DeliveryFailed):
            await transport_to(consumer).publish(poison)
    letters = await dead_letters(consumer)
    assert [(letter.id, letter.type, letter.attempts) for letter in letters] == [
        ("poison-3", NOTE_CREATED, 1)
    ]
    assert "title" in letters[0].error
    assert phone not in letters[0].error
    assert phone not in str(refused.value)
    logged = [r.getMessage() for r in caplog.records if r.name == "weimin.events"]
    assert logged
    assert all("poison-3" in line and NOTE_CREATED in line for line in logged)
    assert not any(phone in line for line in logged)
    assert await tallies(consumer) == {}


async def dead_letters(app: FastAPI) -> list[Any]:
    async with app.state.database.sessionmaker() as session:
        return list((await session.execute(select(_DEAD))).all())


async def test_a_type_the_service_does_not_consume_is_acknowledged_and_ignored(
    consumer: FastAPI,
) -> None:
    other = CloudEvent(
        specversion="1.0", id="o-1", source="/weimin/test", type="cn.weimin.unrelated.v1", data={}
    )
    body = other.to_json()
    async with client_for(consumer) as client:
        answer = await client.post(
            "/v1/events", content=body, headers=transport_to(consumer)._signature("o-1", body)
        )
    assert answer.status_code == 204
    assert await tallies(consumer) == {}


async def test_a_batch_is_applied_event_by_event_and_answers_each_outcome(
    consumer: FastAPI,
) -> None:
    transport = transport_to(consumer)
    poison = CloudEvent(
        specversion="1.0",
        id="poison-2",
        source="/weimin/test",
        type=NOTE_CREATED,
        subject="t",
        data={"title": ""},
    )
    batch = [
        event("harbour", event_id="b-1"),
        event("lantern", event_id="b-2"),
        event("harbour", event_id="b-1"),  # a repeat within the batch
        poison,
        CloudEvent(
            specversion="1.0",
            id="o-2",
            source="/weimin/test",
            type="cn.weimin.unrelated.v1",
            data={},
        ),
    ]
    errors = await transport.publish_batch(batch)
    assert errors[:3] == [None, None, None]
    assert errors[3] is not None
    assert errors[3].startswith("sample: rejected: ")
    assert errors[4] is None
    assert await tallies(consumer) == {"harbour": 1, "lantern": 1}
    # The same batch again (the relay died before marking it): nothing changes.
    assert (await transport.publish_batch(batch))[:3] == [None, None, None]
    assert await tallies(consumer) == {"harbour": 1, "lantern": 1}


async def test_the_relay_publishes_a_batchs_good_events_and_retries_only_the_poison(
    consumer: FastAPI, tmp_path: Path
) -> None:
    async for producer in fresh_database("kit-http-batch", tmp_path / "p"):
        good = await record(producer, "n1", "harbour")
        bad = await record(producer, "n2", "")
        relay = OutboxRelay(producer, transport_to(consumer), RelayPolicy())
        assert await relay.run_once() == 2
        rows = await outbox_rows(producer)
        assert (rows[good]["state"], rows[bad]["state"]) == ("published", "pending")
        assert rows[bad]["attempts"] == 1
        assert "rejected" in rows[bad]["last_error"]
        assert await tallies(consumer) == {"harbour": 1}


async def test_a_batch_that_is_not_an_array_of_events_is_refused(consumer: FastAPI) -> None:
    body = json.dumps({"events": []}).encode()
    headers = {**transport_to(consumer)._signature("b", body), "content-type": BATCH_CONTENT_TYPE}
    async with client_for(consumer) as client:
        answer = await client.post("/v1/events", content=body, headers=headers)
        unsigned = await client.post(
            "/v1/events", content=b"[]", headers={"content-type": BATCH_CONTENT_TYPE}
        )
    assert answer.status_code == 422
    assert answer.json()["code"] == "event-rejected"
    assert unsigned.status_code == 401
