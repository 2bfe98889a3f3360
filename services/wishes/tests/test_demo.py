from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest_asyncio
from sqlalchemy import func, select

from weimin_democity import generate
from weimin_kit.db import Database
from weimin_kit.migrations import upgrade_to_head
from weimin_kit.testing import TestKeys, create_test_database, drop_test_database
from weimin_kit.testing.personal_data import holds_full_number
from weimin_wishes.app import MIGRATIONS_DIR, create_app
from weimin_wishes.config import Settings
from weimin_wishes.demo import load_demo
from weimin_wishes.wall.models import WallEvent, WallSequence
from weimin_wishes.wishes.models import WishClaim


@pytest_asyncio.fixture
async def demo_url(tmp_path: Path) -> AsyncIterator[str]:
    url = await create_test_database("wishes-demo", tmp_path)
    database = Database.from_url(url)
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    await database.dispose()
    yield url
    await drop_test_database(url)


async def test_demo_wall_has_the_source_case_totals(demo_url: str, test_keys: TestKeys) -> None:
    settings = Settings(database_url=demo_url, environment="test", release_sweep_seconds=0)
    database = Database.from_url(demo_url)
    try:
        counts = await load_demo(database, settings, "demo")
        assert counts == {"wishes": 573, "wish_claims": 471, "wall_events": 248}
        assert await load_demo(database, settings, "demo") == {}
        async with database.sessionmaker() as session:
            active = await session.scalar(
                select(func.count()).select_from(WishClaim).where(WishClaim.status == "active")
            )
            last_seq = await session.scalar(select(WallSequence.last_seq))
            payloads = [e.payload for e in (await session.scalars(select(WallEvent))).all()]
        assert (active, last_seq) == (86, 248)
    finally:
        await database.dispose()

    app = create_app(settings)
    async with app.router.lifespan_context(app):
        app.state.token_verifier.source = test_keys.key_source()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://wishes.test") as client:
            admin = test_keys.headers(roles=["admin"])
            stats = (await client.get("/v1/wish-statistics", headers=admin)).json()["overall"]
            wall = (await client.get("/v1/wall/wishes")).json()
            released = await client.post("/v1/wishes/release-overdue", headers=admin)
    assert (stats["claimed"], stats["fulfilled"], stats["fulfilment_rate"]) == (465, 379, 0.8151)
    assert (wall["open_count"], wall["claimed_count"], wall["last_event_id"]) == (64, 92, 248)
    assert released.json() == {"released": 0}  # live demo claims are within their deadline

    strings = list(strings_in([payloads, wall]))
    assert [s for s in strings if holds_full_number(s)] == []
    names = {resident.name for resident in generate("demo").iter_residents()}
    assert [s for s in strings if any(name in s for name in names if len(name) >= 2)] == []


def strings_in(payload: object) -> Iterator[str]:
    if isinstance(payload, dict):
        for value in payload.values():
            yield from strings_in(value)
    elif isinstance(payload, list):
        for value in payload:
            yield from strings_in(value)
    elif isinstance(payload, str):
        yield payload
