"""Turning one import row into a register object, or the reasons it cannot be one.

Each kind has a natural key that makes a re-import harmless: a building is its grid unit
and address, a household its building and door number, a resident its identity number
(through the blind index). A row whose key exists already counts as unchanged.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.registry.repository import buildings_in_scope, households_in_scope
from weimin_grid.registry.service import normalised_id_card, normalised_phone
from weimin_grid.scope import covers
from weimin_grid.units.models import GridUnit
from weimin_grid.units.repository import grid_units_in_scope
from weimin_kit.auth import Principal
from weimin_kit.errors import InvalidInput
from weimin_kit.pii import birth_date_of, gender_of

COLUMNS: dict[str, tuple[str, ...]] = {
    "buildings": ("grid_unit_code", "address", "lon", "lat", "floors"),
    "households": ("building_address", "door_number", "address"),
    "residents": ("household_address", "name", "id_card_number", "phone", "ethnicity",
                  "registration", "care_tags", "relation_to_head"),
}  # fmt: skip
REGISTRATIONS = ("registered", "floating", "overseas")
CARE_TAG = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


class RowProblem(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass
class Outcome:
    created: Any | None  # the new object, or None when the key already existed


def _text(row: Mapping[str, str], field: str, max_length: int, required: bool = True) -> str:
    value = (row.get(field) or "").strip()
    if required and not value:
        raise RowProblem(field, "required")
    if len(value) > max_length:
        raise RowProblem(field, f"at most {max_length} characters")
    return value


def _number(row: Mapping[str, str], field: str, low: float, high: float) -> float:
    try:
        value = float(_text(row, field, 20))
    except ValueError:
        raise RowProblem(field, "not a number") from None
    if not low <= value <= high:
        raise RowProblem(field, f"must lie between {low} and {high}")
    return value


class RowImporter:
    """Per-file state: lookups cached across rows, and the caller's scope."""

    def __init__(self, session: AsyncSession, principal: Principal, vault: PersonalDataVault):
        self.session = session
        self.principal = principal
        self.vault = vault
        self._units: dict[str, GridUnit | None] = {}
        self._buildings: dict[str, Building | None] = {}
        self._households: dict[str, Household | None] = {}

    def handler(self, kind: str) -> Callable[[Mapping[str, str]], Any]:
        return {"buildings": self.building, "households": self.household,
                "residents": self.resident}[kind]  # fmt: skip

    async def _unit(self, code: str) -> GridUnit:
        if code not in self._units:
            statement = grid_units_in_scope(self.principal).where(GridUnit.code == code)
            self._units[code] = await self.session.scalar(statement)
        unit = self._units[code]
        if unit is None:
            raise RowProblem("grid_unit_code", "no such grid unit in your scope")
        return unit

    async def _building(self, address: str) -> Building:
        if address not in self._buildings:
            statement = buildings_in_scope(self.principal).where(Building.address == address)
            self._buildings[address] = await self.session.scalar(statement.limit(1))
        building = self._buildings[address]
        if building is None:
            raise RowProblem("building_address", "no such building in your scope")
        return building

    async def _household(self, address: str) -> Household:
        if address not in self._households:
            statement = households_in_scope(self.principal).where(Household.address == address)
            self._households[address] = await self.session.scalar(statement.limit(1))
        household = self._households[address]
        if household is None:
            raise RowProblem("household_address", "no such household in your scope")
        return household

    async def building(self, row: Mapping[str, str]) -> Outcome:
        unit = await self._unit(_text(row, "grid_unit_code", 32))
        address = _text(row, "address", 200)
        lon, lat = _number(row, "lon", -180, 180), _number(row, "lat", -90, 90)
        floors = int(_number(row, "floors", 1, 200))
        if address in self._buildings or await self.session.scalar(
            select(Building.id).where(Building.grid_unit_id == unit.id, Building.address == address)
        ):
            return Outcome(None)
        building = Building(
            grid_unit_id=unit.id, street_id=unit.street_id, community_id=unit.community_id,
            address=address, lon=lon, lat=lat, floors=floors,
        )  # fmt: skip
        self._buildings[address] = building
        return Outcome(building)

    async def household(self, row: Mapping[str, str]) -> Outcome:
        building = await self._building(_text(row, "building_address", 200))
        door = _text(row, "door_number", 20)
        address = _text(row, "address", 250)
        if address in self._households or await self.session.scalar(
            select(Household.id).where(
                Household.building_id == building.id, Household.door_number == door
            )
        ):
            return Outcome(None)
        household = Household(
            building_id=building.id, grid_unit_id=building.grid_unit_id,
            street_id=building.street_id, community_id=building.community_id,
            door_number=door, address=address,
        )  # fmt: skip
        self._households[address] = household
        return Outcome(household)

    async def resident(self, row: Mapping[str, str]) -> Outcome:
        household = await self._household(_text(row, "household_address", 250))
        if not covers(self.principal, street=household.street_id,
                      community=household.community_id, grid=household.grid_unit_id):  # fmt: skip
            raise RowProblem("household_address", "no such household in your scope")
        name = _text(row, "name", 50)
        try:
            id_card = normalised_id_card(_text(row, "id_card_number", 32), "id_card_number")
            phone_text = _text(row, "phone", 32, required=False)
            phone = normalised_phone(phone_text, "phone") if phone_text else None
        except InvalidInput as problem:
            error = problem.errors[0]
            raise RowProblem(error["field"], error["reason"]) from None
        registration = _text(row, "registration", 16)
        if registration not in REGISTRATIONS:
            raise RowProblem("registration", f"expected one of {', '.join(REGISTRATIONS)}")
        tags = sorted({t.strip() for t in (row.get("care_tags") or "").split("|") if t.strip()})
        if any(not CARE_TAG.match(tag) for tag in tags):
            raise RowProblem("care_tags", "tags are lower-case slugs separated by |")
        sealed_id = self.vault.seal_id_card(id_card)
        if await self.session.scalar(
            select(Resident.id).where(Resident.id_card_index == sealed_id.index)
        ):
            return Outcome(None)
        sealed_phone = None if phone is None else self.vault.seal_phone(phone)
        return Outcome(
            Resident(
                household_id=household.id, grid_unit_id=household.grid_unit_id,
                street_id=household.street_id, community_id=household.community_id,
                name=name, gender=gender_of(id_card), birth_date=birth_date_of(id_card),
                ethnicity=_text(row, "ethnicity", 20), registration=registration,
                care_tags=tags, relation_to_head=_text(row, "relation_to_head", 20),
                id_card_cipher=sealed_id.cipher, id_card_index=sealed_id.index,
                phone_cipher=None if sealed_phone is None else sealed_phone.cipher,
                phone_index=None if sealed_phone is None else sealed_phone.index, version=1,
            )
        )  # fmt: skip
