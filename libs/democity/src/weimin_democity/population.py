"""How many buildings, households and residents each part of the city holds.

Totals per size are fixed. Buildings are spread over grid units and households over
buildings in proportion to hashed weights, using cumulative rounding so the parts add up
exactly. Household sizes come in blocks of four that always sum to ten, so the resident
total is exactly 2.5 x households and the first resident of any household is computable
without walking the ones before it.
"""

import math
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from weimin_democity.geography import Point, point_in_quad
from weimin_democity.ids import derive_id, digest, unit
from weimin_democity.model import Building, Household, Size, StandardAddress


@dataclass(frozen=True, slots=True)
class SizeSpec:
    buildings: int
    households: int

    @property
    def residents(self) -> int:
        return self.households * 5 // 2


SIZES: dict[Size, SizeSpec] = {
    "demo": SizeSpec(buildings=1_281, households=8_000),
    "city": SizeSpec(buildings=17_080, households=400_000),
}

# Ways to split a block of four households into 10 people; each is also shuffled.
_BLOCKS = (
    (1, 2, 3, 4),
    (1, 2, 3, 4),
    (2, 2, 3, 3),
    (1, 2, 2, 5),
    (1, 1, 3, 5),
    (2, 2, 2, 4),
    (1, 3, 3, 3),
    (1, 1, 4, 4),
    (1, 2, 3, 4),
    (1, 1, 2, 6),
    (2, 2, 3, 3),
    (1, 2, 2, 5),
)
_PERMUTATIONS = tuple(
    (a, b, c, d)
    for a in range(4)
    for b in range(4)
    for c in range(4)
    for d in range(4)
    if len({a, b, c, d}) == 4
)
_HOUSEHOLDS_PER_STAIRWELL = 24


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` with counts that sum exactly."""
    whole = sum(weights)
    counts: list[int] = []
    running = 0
    previous = 0
    for weight in weights:
        running += weight
        current = total * running // whole
        counts.append(current - previous)
        previous = current
    return counts


def household_block(seed: int, block: int) -> tuple[int, int, int, int]:
    raw = digest(seed, "household-block", block)
    sizes = _BLOCKS[raw[0] % len(_BLOCKS)]
    order = _PERMUTATIONS[raw[1] % len(_PERMUTATIONS)]
    return sizes[order[0]], sizes[order[1]], sizes[order[2]], sizes[order[3]]


def first_resident_of(seed: int, household: int) -> int:
    """Global index of the first resident of household ``household``."""
    block, position = divmod(household, 4)
    return 10 * block + sum(household_block(seed, block)[:position])


@dataclass(frozen=True, slots=True)
class GridPlace:
    """What buildings need to know about the grid unit they stand in."""

    grid_unit_id: uuid.UUID
    community_id: uuid.UUID
    address_prefix: str  # 大理市下关街道洱河社区苍山路7号
    corners: tuple[Point, Point, Point, Point]
    #: The same place structured, down to the door number (`building` left empty).
    standard_address: StandardAddress


@dataclass(frozen=True, slots=True)
class Plan:
    places: tuple[GridPlace, ...]
    buildings_per_place: tuple[int, ...]
    households_per_building: tuple[int, ...]


def make_plan(seed: int, size: Size, places: Sequence[GridPlace]) -> Plan:
    spec = SIZES[size]
    grid_weights = [
        50 + digest(seed, "grid-density", g)[0] * 100 // 255 for g in range(len(places))
    ]
    building_weights = [
        60 + digest(seed, "building-size", b)[0] * 80 // 255 for b in range(spec.buildings)
    ]
    return Plan(
        places=tuple(places),
        buildings_per_place=tuple(allocate(spec.buildings, grid_weights)),
        households_per_building=tuple(allocate(spec.households, building_weights)),
    )


@dataclass(frozen=True, slots=True)
class _Stairs:
    floors: int
    per_stairwell: int


def _stairs(households: int) -> _Stairs:
    stairwells = math.ceil(households / _HOUSEHOLDS_PER_STAIRWELL)
    per_stairwell = math.ceil(households / stairwells)
    floors = math.ceil(per_stairwell / 2)
    return _Stairs(floors=floors, per_stairwell=floors * 2)


def iter_buildings(seed: int, plan: Plan) -> Iterator[Building]:
    b = 0
    for place, count in zip(plan.places, plan.buildings_per_place, strict=True):
        for local in range(count):
            raw = digest(seed, "building", b)
            lon, lat = point_in_quad(
                place.corners, 0.12 + 0.76 * unit(raw, 10), 0.12 + 0.76 * unit(raw, 12)
            )
            yield Building(
                id=derive_id(seed, "building", b),
                grid_unit_id=place.grid_unit_id,
                community_id=place.community_id,
                address=f"{place.address_prefix}{local + 1}栋",
                lon=lon,
                lat=lat,
                floors=_stairs(plan.households_per_building[b]).floors,
                standard_address=replace(
                    place.standard_address,
                    code=f"{place.standard_address.code}{local + 1:03d}",
                    building=str(local + 1),
                ),
            )
            b += 1


def iter_households(seed: int, plan: Plan) -> Iterator[Household]:
    k = 0
    for building, count in zip(
        iter_buildings(seed, plan), plan.households_per_building, strict=True
    ):
        stairs = _stairs(count)
        for local in range(count):
            stairwell, rest = divmod(local, stairs.per_stairwell)
            floor, door = divmod(rest, 2)
            door_number = f"{stairwell + 1}-{floor + 1}{door + 1:02d}"
            yield Household(
                id=derive_id(seed, "household", k),
                building_id=building.id,
                grid_unit_id=building.grid_unit_id,
                community_id=building.community_id,
                door_number=door_number,
                address=f"{building.address}{stairwell + 1}单元{floor + 1}{door + 1:02d}室",
                standard_address=replace(
                    building.standard_address,
                    code=(
                        f"{building.standard_address.code}"
                        f"{stairwell + 1:02d}{floor + 1:02d}{door + 1:02d}"
                    ),
                    unit=str(stairwell + 1),
                    floor=str(floor + 1),
                    room=f"{floor + 1}{door + 1:02d}",
                ),
            )
            k += 1
