"""Build the demonstration city from a seed."""

from weimin_democity.city import City
from weimin_democity.geography import Lattice, centroid, community_blocks, ring_of
from weimin_democity.ids import derive_id
from weimin_democity.model import Community, GridUnit, ResidentGroup, Size, StandardAddress, Street
from weimin_democity.names import (
    CITY_NAME,
    COMMUNITY_NAMES,
    PREFECTURE_NAME,
    PROVINCE_NAME,
    ROADS,
    STREETS,
    chinese_number,
)
from weimin_democity.organisations import generate_organisations
from weimin_democity.population import SIZES, GridPlace, allocate, make_plan

DEFAULT_SEED = 2024


def generate(size: Size = "demo", seed: int = DEFAULT_SEED) -> City:
    """The same ``size`` and ``seed`` always give an identical city, id for id."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; expected one of {sorted(SIZES)}")
    lattice = Lattice(seed)
    blocks = community_blocks()
    streets = [
        Street(
            id=derive_id(seed, "street", s),
            code=code,
            name=name,
            division_code=division,
            boundary=lattice.polygon(cell for b in blocks if b.street == s for cell in b.cells),
        )
        for s, (code, name, division) in enumerate(STREETS)
    ]
    groups_per_community = allocate(143, [len(block.cells) for block in blocks])
    communities: list[Community] = []
    groups: list[ResidentGroup] = []
    grid_units: list[GridUnit] = []
    places: list[GridPlace] = []
    per_street = [0] * len(streets)
    for c, block in enumerate(blocks):
        street = streets[block.street]
        per_street[block.street] += 1
        local = per_street[block.street]
        community = Community(
            id=derive_id(seed, "community", c),
            street_id=street.id,
            code=f"{street.code}{local:02d}",
            name=f"{COMMUNITY_NAMES[c]}社区",
            division_code=f"{street.division_code[:9]}{local:03d}",
            boundary=lattice.polygon(block.cells),
        )
        communities.append(community)
        cells_per_group = allocate(len(block.cells), [1] * groups_per_community[c])
        cell_iter = iter(block.cells)
        number = 0
        for j, cell_count in enumerate(cells_per_group, start=1):
            group = ResidentGroup(
                id=derive_id(seed, "resident-group", len(groups)),
                community_id=community.id,
                code=f"{community.code}-{j:02d}",
                name=f"第{chinese_number(j)}居民小组",
            )
            groups.append(group)
            for _ in range(cell_count):
                cell = next(cell_iter)
                number += 1
                boundary = lattice.polygon([cell])
                grid_unit = GridUnit(
                    id=derive_id(seed, "grid-unit", len(grid_units)),
                    community_id=community.id,
                    resident_group_id=group.id,
                    code=f"{community.division_code}-G{number:03d}",
                    name=f"{community.name}第{number}网格",
                    boundary=boundary,
                    centroid=centroid(ring_of(boundary)),
                )
                grid_units.append(grid_unit)
                road_index = (2 * c + number % 2) % len(ROADS)
                road = ROADS[road_index]
                sw, se, ne, nw = lattice.corners(cell)
                places.append(
                    GridPlace(
                        grid_unit_id=grid_unit.id,
                        community_id=community.id,
                        address_prefix=(
                            f"{CITY_NAME}{street.name}{community.name}{road}{2 * number - 1}号"
                        ),
                        corners=(sw, se, ne, nw),
                        standard_address=StandardAddress(
                            code=(
                                f"{community.division_code}{road_index + 1:02d}{2 * number - 1:04d}"
                            ),
                            province=PROVINCE_NAME,
                            city=PREFECTURE_NAME,
                            county=CITY_NAME,
                            town=street.name,
                            community=community.name,
                            road=road,
                            number=str(2 * number - 1),
                            building="",
                        ),
                    )
                )
    return City(
        seed=seed,
        size=size,
        boundary=lattice.polygon(cell for block in blocks for cell in block.cells),
        streets=streets,
        communities=communities,
        resident_groups=groups,
        grid_units=grid_units,
        stationed_organisations=generate_organisations(seed, [c.id for c in communities]),
        plan=make_plan(seed, size, places),
    )
