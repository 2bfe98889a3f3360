"""A small volunteer world for tests, built through the API as an admin would:

    street S1 ── community C1 ── volunteers ann (leader of team T1), bob, cat
             └── community C2 ── volunteer dan
    street S2 ── community C3 ── volunteer eve

Skills: first_aid (needs a certificate), cleaning, repair. Each volunteer has an account
id; `World.headers(name)` signs in as that volunteer.
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from weimin_kit.ids import new_id
from weimin_kit.testing import TestKeys

#: 2026-06-01 10:00 Asia/Shanghai, a Monday.
START = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
COMMUNITY_OF = {"ann": "C1", "bob": "C1", "cat": "C1", "dan": "C2", "eve": "C3"}
STREET_OF = {"C1": "S1", "C2": "S1", "C3": "S2"}
#: Each community's centre; volunteers live a little way off it.
CENTRE = {"C1": (100.230, 25.600), "C2": (100.250, 25.610), "C3": (100.160, 25.690)}


class Clock:
    """The app's controllable now."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class World:
    keys: TestKeys
    clock: Clock
    streets: dict[str, uuid.UUID] = field(default_factory=dict)
    communities: dict[str, uuid.UUID] = field(default_factory=dict)
    volunteers: dict[str, uuid.UUID] = field(default_factory=dict)
    accounts: dict[str, uuid.UUID] = field(default_factory=dict)
    teams: dict[str, uuid.UUID] = field(default_factory=dict)

    def admin(self) -> dict[str, str]:
        return self.keys.headers(roles=["admin"], subject=str(new_id()))

    def secretary(self, community: str) -> dict[str, str]:
        return self.keys.headers(
            roles=["community_secretary"],
            scopes=[f"community:{self.communities[community]}"],
            subject=str(new_id()),
        )

    def street_secretary(self, street: str) -> dict[str, str]:
        return self.keys.headers(
            roles=["street_secretary"],
            scopes=[f"street:{self.streets[street]}"],
            subject=str(new_id()),
        )

    def headers(self, name: str) -> dict[str, str]:
        return self.keys.headers(roles=["volunteer"], subject=str(self.accounts[name]))

    def stranger(self) -> dict[str, str]:
        return self.keys.headers(roles=["volunteer"], subject=str(new_id()))

    def name_of(self, volunteer_id: Any) -> str:
        return next(n for n, v in self.volunteers.items() if str(v) == str(volunteer_id))

    def place(self, community: str) -> dict[str, str]:
        return {
            "street_id": str(self.streets[STREET_OF[community]]),
            "community_id": str(self.communities[community]),
        }


def volunteer_body(world: World, name: str, **overrides: Any) -> dict[str, Any]:
    community = COMMUNITY_OF.get(name, "C1")
    lon, lat = CENTRE[community]
    body: dict[str, Any] = {
        "person_id": str(new_id()),
        "account_id": str(world.accounts.setdefault(name, new_id())),
        "display_name": f"志愿者{name}",
        **world.place(community),
        "home_lon": lon + 0.0012345,
        "home_lat": lat - 0.0009876,
        "skill_codes": ["cleaning"],
        "availability": {"weekly": [{"weekday": 0, "start": "08:00", "end": "20:00"}]},
    }
    body.update(overrides)
    return body


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def build_world(client: httpx.AsyncClient, keys: TestKeys, clock: Clock) -> World:
    world = World(keys=keys, clock=clock)
    world.streets = {"S1": new_id(), "S2": new_id()}
    world.communities = {"C1": new_id(), "C2": new_id(), "C3": new_id()}
    admin = world.admin()
    for code, certified in (("first_aid", True), ("cleaning", False), ("repair", False)):
        ok(
            await client.post(
                "/v1/skills",
                json={"code": code, "name": code, "requires_certificate": certified},
                headers=admin,
            ),
            201,
        )
    for name in COMMUNITY_OF:
        created = ok(
            await client.post("/v1/volunteers", json=volunteer_body(world, name), headers=admin),
            201,
        )
        world.volunteers[name] = uuid.UUID(created["id"])
    team = ok(
        await client.post(
            "/v1/teams",
            json={
                "name": "洱海保护队",
                "focus": "lake_protection",
                "join_mode": "open",
                "leader_volunteer_id": str(world.volunteers["ann"]),
                **world.place("C1"),
            },
            headers=admin,
        ),
        201,
    )
    world.teams["T1"] = uuid.UUID(team["id"])
    ok(await client.post(f"/v1/teams/{team['id']}/join", headers=world.headers("bob")))
    return world
