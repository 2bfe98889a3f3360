"""The notifications' part of the demonstration city: where the demo accounts are reached
(a made-up mobile number and a WeCom id each) and a WeCom and a DingTalk work-group robot
per community, so that a neighbour's alarm in `make run` shows up in the SMS outbox and on
the channel simulator's page.

Robots are only set up when WeCom and DingTalk point at a local simulator (a loopback
address): a demo must never post to a real provider's group.
"""

from urllib.parse import urlsplit

from sqlalchemy import func, insert, select

from weimin_democity import generate
from weimin_democity.accounts import DEMO_USERNAMES, demo_account_id
from weimin_kit.db import Database
from weimin_kit.ids import new_id
from weimin_kit.protection import blind_index_from, field_cipher_from
from weimin_kit.types import utcnow
from weimin_notifications.config import Settings
from weimin_notifications.preferences.models import ContactPoint
from weimin_notifications.preferences.sealing import (
    CONTACT_ADDRESS,
    CONTACT_INDEX,
    ROBOT_SIGNING,
    ROBOT_WEBHOOK,
    Sealer,
)
from weimin_notifications.robots.models import Robot

#: The channel simulator's robots (its README): one key and one signed robot it knows.
SIMULATED_WECOM_ROBOT = "sim-wecom-robot"
SIMULATED_DINGTALK_ROBOT = ("sim-dingtalk-robot", "SECsim-dingtalk-robot-secret")
LOADER = "demo-loader"


def _local(url: str) -> bool:
    return (urlsplit(url).hostname or "") in ("127.0.0.1", "localhost", "::1")


def demo_phone(number: int) -> str:
    """Made-up numbers in a range no carrier has given out (139 0000 00NN)."""
    return f"1390000{number:04d}"


async def load_demo(database: Database, settings: Settings, size: str) -> dict[str, int]:
    """Nothing when contacts are already there."""
    if size not in ("demo", "city"):
        raise ValueError(f"unknown demo size {size!r}")
    sealer = Sealer(field_cipher_from(settings), blind_index_from(settings))
    city = generate(size)  # type: ignore[arg-type]  # checked above
    now = utcnow()
    contacts = []
    for number, username in enumerate(DEMO_USERNAMES, start=1):
        subject = str(demo_account_id(city.seed, username))
        for channel, address in (("sms", demo_phone(number)), ("wecom", username)):
            contacts.append(
                {
                    "id": new_id(),
                    "subject": subject,
                    "channel": channel,
                    "address_cipher": sealer.seal(address, CONTACT_ADDRESS),
                    "address_index": sealer.index(address, CONTACT_INDEX),
                    "label": "演示账号",
                    "created_at": now,
                }
            )
    robots = []
    if _local(settings.wecom_api_base) and _local(settings.dingtalk_api_base):
        wecom = f"{settings.wecom_api_base.rstrip('/')}/cgi-bin/webhook/send?key="
        dingtalk = f"{settings.dingtalk_api_base.rstrip('/')}/robot/send?access_token="
        token, secret = SIMULATED_DINGTALK_ROBOT
        for community in city.communities:
            for channel, url, signing in (
                ("wecom_robot", wecom + SIMULATED_WECOM_ROBOT, None),
                ("dingtalk_robot", dingtalk + token, secret),
            ):
                robots.append(
                    {
                        "id": new_id(),
                        "channel": channel,
                        "scope_kind": "community",
                        "scope_id": community.id,
                        "street_id": community.street_id,
                        "community_id": community.id,
                        "name": f"{community.name}工作群",
                        "webhook_cipher": sealer.seal(url, ROBOT_WEBHOOK),
                        "secret_cipher": None
                        if signing is None
                        else sealer.seal(signing, ROBOT_SIGNING),
                        "enabled": True,
                        "created_by": LOADER,
                        "created_at": now,
                    }
                )
    async with database.engine.begin() as connection:
        if await connection.scalar(select(func.count()).select_from(ContactPoint)):
            return {}
        await connection.execute(insert(ContactPoint), contacts)
        if robots:
            await connection.execute(insert(Robot), robots)
    return {"contact_points": len(contacts), "robots": len(robots)}
