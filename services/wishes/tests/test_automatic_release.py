import asyncio
from pathlib import Path

import httpx
from wish_world import Callers, FakeClock, build_world, open_wish

from weimin_kit.db import Database
from weimin_kit.migrations import upgrade_to_head
from weimin_kit.testing import TestKeys, create_test_database, drop_test_database
from weimin_wishes.app import MIGRATIONS_DIR, create_app
from weimin_wishes.config import Settings


async def test_the_service_releases_overdue_claims_by_itself(
    tmp_path: Path, test_keys: TestKeys
) -> None:
    url = await create_test_database("wishes-sweep", tmp_path)
    database = Database.from_url(url)
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    await database.dispose()
    app = create_app(Settings(database_url=url, environment="test", release_sweep_seconds=0.05))
    clock = FakeClock()
    callers = Callers(test_keys, build_world())
    try:
        async with app.router.lifespan_context(app):
            app.state.token_verifier.source = test_keys.key_source()
            app.state.clock = clock
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://w.test") as client:
                wish = await open_wish(client, callers, "A")
                await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer())
                clock.advance(days=14, seconds=1)  # the sweep runs on its own from here

                async def released() -> None:
                    while True:
                        card = (await client.get(f"/v1/wall/wishes/{wish['id']}")).json()
                        if card["state"] == "open":
                            return
                        await asyncio.sleep(0.05)

                await asyncio.wait_for(released(), 10)
                claims = await client.get(
                    f"/v1/wishes/{wish['id']}/claims", headers=callers.admin()
                )
                assert [c["status"] for c in claims.json()] == ["expired"]
    finally:
        await drop_test_database(url)
