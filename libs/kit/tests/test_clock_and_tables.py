"""The clock and the service metadata every service takes from the kit."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import httpx
from fastapi import FastAPI

from weimin_kit.clock import ClockDep, Now, app_clock, now_of
from weimin_kit.tables import service_metadata

MOVED = datetime(2031, 5, 4, 9, 30, tzinfo=UTC)


def test_now_is_the_wall_clock_until_the_app_holds_one() -> None:
    app = FastAPI()
    assert abs(now_of(app) - datetime.now(UTC)) < timedelta(seconds=5)
    app.state.clock = lambda: MOVED
    assert now_of(app) == MOVED
    assert app_clock(app)() == MOVED


def test_work_outside_a_request_reads_the_clock_of_whatever_holds_the_state() -> None:
    # The inbox hands its handlers an object with a `state`, or none at all.
    assert now_of(SimpleNamespace(state=SimpleNamespace(clock=lambda: MOVED))) == MOVED
    assert now_of(object()).tzinfo is not None


async def test_routes_read_the_moved_clock() -> None:
    app = FastAPI()

    @app.get("/now")
    async def read_now(now: Now, clock: ClockDep) -> dict[str, str]:
        return {"now": now.isoformat(), "clock": clock().isoformat()}

    app.state.clock = lambda: MOVED
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        body = (await client.get("/now")).json()
    assert body == {"now": MOVED.isoformat(), "clock": MOVED.isoformat()}


def test_each_service_metadata_is_its_own_and_holds_the_kit_tables() -> None:
    first, second = service_metadata(), service_metadata()
    assert first is not second
    assert {"outbox_events", "inbox_events", "idempotency_keys"} <= set(first.tables)
    assert first.tables["outbox_events"] is not second.tables["outbox_events"]
    assert first.naming_convention["pk"] == "pk_%(table_name)s"
