"""The demo's contacts and robots: the demo accounts reached by SMS and WeCom, and each
community's work-group robots at a local simulator, never at a real provider."""

from pathlib import Path

from sqlalchemy import func, select

from weimin_democity import generate
from weimin_democity.accounts import DEMO_USERNAMES, demo_account_id
from weimin_kit.db import Database
from weimin_kit.migrations import upgrade_to_head
from weimin_kit.testing import create_test_database, drop_test_database
from weimin_notifications.app import MIGRATIONS_DIR
from weimin_notifications.config import Settings
from weimin_notifications.demo import load_demo
from weimin_notifications.preferences.models import ContactPoint
from weimin_notifications.robots.models import Robot


async def _loaded(
    tmp_path: Path, **settings: str
) -> tuple[dict[str, int], dict[str, int], Database]:
    url = await create_test_database("notifications-demo", tmp_path)
    database = Database.from_url(url)
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    values = Settings(database_url=url, environment="test", **settings)  # type: ignore[arg-type]
    first = await load_demo(database, values, "demo")
    again = await load_demo(database, values, "demo")
    return first, again, database


async def test_robots_point_at_a_local_simulator_only(tmp_path: Path) -> None:
    simulator = "http://127.0.0.1:8090"
    first, again, database = await _loaded(
        tmp_path, wecom_api_base=simulator, dingtalk_api_base=simulator
    )
    try:
        city = generate("demo")
        assert first == {
            "contact_points": 2 * len(DEMO_USERNAMES),
            "robots": 2 * len(city.communities),
        }
        assert again == {}  # loaded once
        async with database.sessionmaker() as session:
            grid001 = str(demo_account_id(city.seed, "grid001"))
            channels = set(
                await session.scalars(
                    select(ContactPoint.channel).where(ContactPoint.subject == grid001)
                )
            )
            signed = await session.scalar(
                select(func.count()).select_from(Robot).where(Robot.secret_cipher.is_not(None))
            )
        assert channels == {"sms", "wecom"}
        assert signed == len(city.communities)  # the DingTalk robots
    finally:
        await database.dispose()
        await drop_test_database(database.engine.url.render_as_string(hide_password=False))


async def test_no_robots_at_a_real_provider(tmp_path: Path) -> None:
    first, _again, database = await _loaded(tmp_path)
    try:
        assert first["robots"] == 0
    finally:
        await database.dispose()
        await drop_test_database(database.engine.url.render_as_string(hide_password=False))
