"""A tiny city for tests and the callers that play each role.

    street S1 ── community C1 ── grids A, B
             └── community C2 ── grid C
    street S2 ── community C3 ── grid D

Each grid has one beneficiary, an elderly woman named 张秀英 (A), 李桂兰 (B) …, whose
full name, phone, address and identity number must never reach a public payload.
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from weimin_kit.ids import new_id
from weimin_kit.testing import TestKeys
from weimin_kit.testing.personal_data import holds_full_number

GRIDS = ("A", "B", "C", "D")
COMMUNITY_OF = {"A": "C1", "B": "C1", "C": "C2", "D": "C3"}
STREET_OF = {"C1": "S1", "C2": "S1", "C3": "S2"}
BENEFICIARY_NAMES = {"A": "张秀英", "B": "李桂兰", "C": "王淑珍", "D": "欧阳玉梅"}
HONORIFICS = {"A": "张奶奶", "B": "李奶奶", "C": "王奶奶", "D": "欧阳奶奶"}
BIRTH_DATE = date(1945, 3, 8)
#: Personal data that exists about the beneficiaries elsewhere (the grid service).
SECRETS = ("13812345678", "532901194503080029", "大理市测试路1号1栋1单元101室")


@dataclass
class World:
    streets: dict[str, uuid.UUID] = field(default_factory=dict)
    communities: dict[str, uuid.UUID] = field(default_factory=dict)
    grids: dict[str, uuid.UUID] = field(default_factory=dict)
    residents: dict[str, uuid.UUID] = field(default_factory=dict)


def build_world() -> World:
    world = World()
    for name in ("S1", "S2"):
        world.streets[name] = new_id()
    for name in ("C1", "C2", "C3"):
        world.communities[name] = new_id()
    for grid in GRIDS:
        world.grids[grid] = new_id()
        world.residents[grid] = new_id()
    return world


def wish_body(world: World, grid: str = "A", **overrides: Any) -> dict[str, Any]:
    community = COMMUNITY_OF[grid]
    return {
        "street_id": str(world.streets[STREET_OF[community]]),
        "community_id": str(world.communities[community]),
        "grid_unit_id": str(world.grids[grid]),
        "grid_label": f"测试社区第{grid}网格",
        "title": "想要一台收音机",
        "description": "老人独居，想听新闻和花灯戏",
        "category": "material",
        "urgency": "normal",
        "estimated_value_yuan": 120,
        "beneficiary": {
            "kind": "individual",
            "resident_id": str(world.residents[grid]),
            "name": BENEFICIARY_NAMES[grid],
            "gender": "female",
            "birth_date": BIRTH_DATE.isoformat(),
        },
        **overrides,
    }


class Callers:
    """Bearer headers for the principals the tests play."""

    def __init__(self, keys: TestKeys, world: World) -> None:
        self.keys = keys
        self.world = world

    def admin(self) -> dict[str, str]:
        return self.keys.headers(roles=["admin"], subject="admin-1")

    def grid_worker(self, grid: str) -> dict[str, str]:
        return self.keys.headers(
            roles=["grid_worker"],
            scopes=[f"grid:{self.world.grids[grid]}"],
            subject=f"worker-{grid}",
        )

    def secretary(self, community: str) -> dict[str, str]:
        return self.keys.headers(
            roles=["community_secretary"],
            scopes=[f"community:{self.world.communities[community]}"],
            subject=f"secretary-{community}",
        )

    def street_secretary(self, street: str) -> dict[str, str]:
        return self.keys.headers(
            roles=["street_secretary"],
            scopes=[f"street:{self.world.streets[street]}"],
            subject=f"street-{street}",
        )

    def volunteer(self, n: int = 1) -> dict[str, str]:
        return self.keys.headers(roles=["volunteer"], subject=f"volunteer-{n}", name=f"志愿者{n}")

    def member(self, n: int = 1) -> dict[str, str]:
        return self.keys.headers(roles=["member"], subject=f"member-{n}", name=f"党员{n}")

    def beneficiary(self, grid: str) -> dict[str, str]:
        return self.keys.headers(roles=["resident"], subject=str(self.world.residents[grid]))


async def submit(
    client: httpx.AsyncClient, callers: Callers, grid: str = "A", **overrides: Any
) -> dict[str, Any]:
    response = await client.post(
        "/v1/wishes",
        json=wish_body(callers.world, grid, **overrides),
        headers=callers.grid_worker(grid),
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def open_wish(
    client: httpx.AsyncClient, callers: Callers, grid: str = "A", **overrides: Any
) -> dict[str, Any]:
    wish = await submit(client, callers, grid, **overrides)
    response = await client.post(
        f"/v1/wishes/{wish['id']}/review",
        json={"decision": "approve"},
        headers=callers.secretary(COMMUNITY_OF[grid]),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


class FakeClock:
    """A clock tests move by hand: claim deadlines pass without sleeping."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 5, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def personal_data_in(payload: Any) -> list[str]:
    """Every string in a public payload that holds a beneficiary's full name, a phone, an
    identity number or an address."""
    found: list[str] = []
    if isinstance(payload, dict):
        for value in payload.values():
            found += personal_data_in(value)
    elif isinstance(payload, list):
        for value in payload:
            found += personal_data_in(value)
    elif isinstance(payload, str) and (
        holds_full_number(payload)
        or any(name in payload for name in BENEFICIARY_NAMES.values())
        or any(secret in payload for secret in SECRETS)
    ):
        found.append(payload)
    return found
