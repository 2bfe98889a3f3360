"""A tiny city for tests: two streets, three communities, four grid units, one building,
household and resident in each grid unit.

    street S1 ── community C1 ── grids A, B
             └── community C2 ── grid C
    street S2 ── community C3 ── grid D

The grids are adjacent 0.01° squares from west to east (A at 100.20–100.21°E,
25.60–25.61°N), each with its one building at its centre.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import FastAPI

from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.units.models import GridUnit
from weimin_kit.ids import new_id
from weimin_kit.pii import checksum_char
from weimin_kit.testing import TestKeys
from weimin_kit.testing.personal_data import holds_full_number

GRIDS = ("A", "B", "C", "D")
COMMUNITY_OF = {"A": "C1", "B": "C1", "C": "C2", "D": "C3"}
STREET_OF = {"C1": "S1", "C2": "S1", "C3": "S2"}


def id_card(sequence: int, born: date = date(1980, 5, 17), male: bool = True) -> str:
    """A checksum-valid identity number in the 532999 demo area."""
    serial = sequence * 2 + (1 if male else 0)
    first17 = f"532999{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + checksum_char(first17)


def phone(sequence: int) -> str:
    return f"1381234{sequence:04d}"


def square(number: int) -> dict[str, Any]:
    """Grid number n (1–4) is the 0.01° square west-to-east from 100.20°E, 25.60°N."""
    west = round(100.19 + number * 0.01, 2)
    east = round(west + 0.01, 2)
    ring = [[west, 25.60], [east, 25.60], [east, 25.61], [west, 25.61], [west, 25.60]]
    return {"type": "Polygon", "coordinates": [ring]}


def centre(number: int) -> tuple[float, float]:
    return round(100.195 + number * 0.01, 3), 25.605


def bad_checksum(number: str) -> str:
    wrong = "0" if number[-1] != "0" else "1"
    return number[:-1] + wrong


@dataclass
class World:
    streets: dict[str, uuid.UUID] = field(default_factory=dict)
    communities: dict[str, uuid.UUID] = field(default_factory=dict)
    grids: dict[str, uuid.UUID] = field(default_factory=dict)
    grid_codes: dict[str, str] = field(default_factory=dict)
    buildings: dict[str, uuid.UUID] = field(default_factory=dict)
    households: dict[str, uuid.UUID] = field(default_factory=dict)
    residents: dict[str, uuid.UUID] = field(default_factory=dict)
    #: The plain identity number and phone of each grid's resident.
    id_cards: dict[str, str] = field(default_factory=dict)
    phones: dict[str, str] = field(default_factory=dict)

    def grid_of(self, grid_id: Any) -> str:
        return next(name for name, value in self.grids.items() if str(value) == str(grid_id))


async def build_world(app: FastAPI) -> World:
    world = World()
    for name in ("S1", "S2"):
        world.streets[name] = new_id()
    for name in ("C1", "C2", "C3"):
        world.communities[name] = new_id()
    vault = PersonalDataVault(app.state.field_cipher, app.state.blind_index)
    async with app.state.database.sessionmaker() as session:
        for number, grid in enumerate(GRIDS, start=1):
            community = COMMUNITY_OF[grid]
            ancestry = {
                "street_id": world.streets[STREET_OF[community]],
                "community_id": world.communities[community],
            }
            unit = GridUnit(
                id=new_id(),
                code=f"532999-TEST-{uuid.uuid4().hex[:8]}-G{number:03d}",
                name=f"测试网格{grid}",
                resident_group_id=None,
                boundary=square(number),
                centroid_lon=centre(number)[0],
                centroid_lat=centre(number)[1],
                **ancestry,
            )
            building = Building(
                id=new_id(),
                grid_unit_id=unit.id,
                address=f"大理市测试路{number}号1栋",
                lon=centre(number)[0],
                lat=centre(number)[1],
                floors=6,
                **ancestry,
            )
            household = Household(
                id=new_id(),
                building_id=building.id,
                grid_unit_id=unit.id,
                door_number="1-101",
                address=f"大理市测试路{number}号1栋1单元101室",
                **ancestry,
            )
            world.id_cards[grid] = id_card(number)
            world.phones[grid] = phone(number)
            sealed_id = vault.seal_id_card(world.id_cards[grid])
            sealed_phone = vault.seal_phone(world.phones[grid])
            resident = Resident(
                id=new_id(),
                household_id=household.id,
                grid_unit_id=unit.id,
                name=f"杨{grid}松",
                gender="male",
                birth_date=date(1980, 5, 17),
                ethnicity="白族",
                registration="registered",
                care_tags=["elderly_alone"] if grid == "A" else [],
                relation_to_head="户主",
                id_card_cipher=sealed_id.cipher,
                id_card_index=sealed_id.index,
                phone_cipher=sealed_phone.cipher,
                phone_index=sealed_phone.index,
                version=1,
                **ancestry,
            )
            session.add(unit)
            await session.flush()
            session.add(building)
            await session.flush()
            session.add(household)
            await session.flush()
            session.add(resident)
            await session.flush()
            world.grids[grid] = unit.id
            world.grid_codes[grid] = unit.code
            world.buildings[grid] = building.id
            world.households[grid] = household.id
            world.residents[grid] = resident.id
        await session.commit()
    return world


class Callers:
    """Bearer headers for the principals the tests play."""

    def __init__(self, keys: TestKeys, world: World) -> None:
        self.keys = keys
        self.world = world

    def admin(self) -> dict[str, str]:
        return self.keys.headers(roles=["admin"], subject="admin-1")

    def grid_worker(self, grid: str, subject: str | None = None) -> dict[str, str]:
        return self.keys.headers(
            roles=["grid_worker"],
            scopes=[f"grid:{self.world.grids[grid]}"],
            subject=subject or f"worker-{grid}",
            name=f"网格员{grid}",
        )

    def community_secretary(self, community: str) -> dict[str, str]:
        return self.keys.headers(
            roles=["community_secretary"],
            scopes=[f"community:{self.world.communities[community]}"],
            subject=f"secretary-{community}",
            name=f"社区书记{community}",
        )

    def street_secretary(self, street: str) -> dict[str, str]:
        return self.keys.headers(
            roles=["street_secretary"],
            scopes=[f"street:{self.world.streets[street]}"],
            subject=f"street-{street}",
        )

    def partner(
        self,
        area: str = "street:S1",
        scopes: tuple[str, ...] = (),
        client: str = "police-1",
        **claims: Any,
    ) -> dict[str, str]:
        """A partner client's token (the exchange's audience) for one street or community;
        `claims` adds others (its rate limit)."""
        kind, name = area.split(":")
        place = self.world.streets[name] if kind == "street" else self.world.communities[name]
        return self.keys.headers(
            aud="weimin-integration",
            roles=["partner"],
            scopes=[*scopes, f"{kind}:{place}"],
            subject=f"partner:{client}",
            **claims,
        )

    def volunteer(self, grid: str = "A") -> dict[str, str]:
        return self.keys.headers(
            roles=["volunteer"], scopes=[f"grid:{self.world.grids[grid]}"], subject="volunteer-1"
        )


def unmasked_values(payload: Any) -> list[str]:
    """Every string in a JSON document that holds a full identity number or mobile."""
    found: list[str] = []
    if isinstance(payload, dict):
        for value in payload.values():
            found += unmasked_values(value)
    elif isinstance(payload, list):
        for value in payload:
            found += unmasked_values(value)
    elif isinstance(payload, str) and holds_full_number(payload):
        found.append(payload)
    return found
