"""The ranking weighs only the nearest qualified volunteers, found by growing boxes over
an index: it must return exactly the set a brute-force sort of everyone in the radius
would, wherever the task is, whatever the skill, however crowded the place."""

import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from volunteers_live import migrated_database

from weimin_democity import generate
from weimin_kit.db import Database
from weimin_volunteers.config import Settings
from weimin_volunteers.demo import load_demo
from weimin_volunteers.dispatch.repository import candidates_near
from weimin_volunteers.registry.models import Skill

NOW = datetime(2026, 6, 3, 10, 0, tzinfo=UTC)


def squared_distance(lon: float, lat: float, c_lon: float, c_lat: float) -> float:
    cos_lat = max(0.01, math.cos(math.radians(c_lat)))
    return ((lon - c_lon) * cos_lat) ** 2 + (lat - c_lat) ** 2


async def test_nearest_search_equals_a_brute_force_sort(tmp_path: Path) -> None:
    places = [g.centroid for g in generate("demo").grid_units]
    chance = random.Random(7)
    async with migrated_database("volunteers-nearest", tmp_path) as url:
        database = Database.from_url(url)
        try:
            await load_demo(database, Settings(database_url=url, environment="test"), "demo")
            async with database.sessionmaker() as session:
                skills = [None, *(await session.scalars(select(Skill).order_by(Skill.code)))]
                checked = 0
                for _ in range(40):
                    lon, lat = chance.choice(places)
                    skill = chance.choice(skills)
                    radius = chance.choice([300, 1000, 3000, 8000])
                    nearest = chance.choice([1, 5, 50])
                    args = {
                        "skill": skill,
                        "lon": lon,
                        "lat": lat,
                        "radius_m": radius,
                        "today": NOW.date(),
                        "since": NOW - timedelta(days=30),
                    }
                    found = await candidates_near(session, nearest=nearest, **args)
                    everyone = await candidates_near(session, nearest=None, **args)
                    expected = sorted(
                        everyone,
                        key=lambda c: (squared_distance(c.lon, c.lat, lon, lat), c.volunteer_id),
                    )[:nearest]
                    assert [c.volunteer_id for c in found] == [c.volunteer_id for c in expected]
                    checked += len(found)
                assert checked > 200  # the draws really exercised crowded places
        finally:
            await database.dispose()
