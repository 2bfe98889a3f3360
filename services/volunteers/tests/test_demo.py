from pathlib import Path

import httpx
from sqlalchemy import func, select
from volunteers_live import migrated_database

from weimin_democity import generate
from weimin_democity.volunteers import TEAMS, VOLUNTEERS, demo_account_id
from weimin_kit.db import Database
from weimin_kit.testing import TestKeys
from weimin_volunteers.app import create_app
from weimin_volunteers.config import Settings
from weimin_volunteers.demo import load_demo
from weimin_volunteers.tables import HoursEntry, HoursTotal, Team, Volunteer


async def test_demo_loader_loads_the_generators_volunteers_once_and_volunteer01_sees_their_own(
    tmp_path: Path, test_keys: TestKeys
) -> None:
    async with migrated_database("volunteers-demo", tmp_path) as url:
        settings = Settings(database_url=url, environment="test")
        database = Database.from_url(url)
        try:
            first = await load_demo(database, settings, "demo")
            second = await load_demo(database, settings, "demo")
            async with database.sessionmaker() as session:
                totals_match = await session.scalar(select(func.sum(HoursTotal.minutes))) == (
                    await session.scalar(select(func.sum(HoursEntry.minutes)))
                )
                teams = await session.scalar(select(func.count()).select_from(Team))
                leaders = await session.scalar(
                    select(func.count(func.distinct(Team.leader_volunteer_id)))
                )
                per_community = await session.scalar(
                    select(func.count(func.distinct(Volunteer.community_id)))
                )
        finally:
            await database.dispose()
        assert first["volunteers"] == VOLUNTEERS["demo"]
        assert (first["teams"], teams, leaders) == (TEAMS, TEAMS, TEAMS)
        assert first["skills"] == 18
        assert second == {}
        assert totals_match
        assert per_community == 31

        app = create_app(settings)
        async with app.router.lifespan_context(app):
            app.state.token_verifier.source = test_keys.key_source()
            account = demo_account_id(2024, "volunteer01")
            headers = test_keys.headers(roles=["volunteer"], subject=str(account))
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                me = await client.get("/v1/volunteers/me", headers=headers)
                assert me.status_code == 200
                assert me.json()["community_id"] == str(generate("demo").communities[0].id)
                hours = await client.get(f"/v1/volunteers/{me.json()['id']}/hours", headers=headers)
                assert hours.status_code == 200
                # volunteer01 leads a team: its members are visible to them, nobody else is.
                visible = (await client.get("/v1/volunteers?limit=200", headers=headers)).json()
                assert 1 < len(visible["items"]) < 50
