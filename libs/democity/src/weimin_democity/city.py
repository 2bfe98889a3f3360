"""The generated city: small registries held in memory, large ones streamed on demand."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from weimin_democity import organisations
from weimin_democity.geography import BANDS
from weimin_democity.model import (
    Building,
    Community,
    Counts,
    GridUnit,
    Household,
    Polygon,
    Resident,
    ResidentGroup,
    Size,
    StationedOrganisation,
    Street,
)
from weimin_democity.people import iter_residents
from weimin_democity.population import SIZES, Plan, iter_buildings, iter_households

GRID_UNITS = 427
RESIDENT_GROUPS = 143
COMMUNITIES = 31

#: Exact totals per size; `City.counts` always equals the entry for its size.
EXPECTED_COUNTS: dict[Size, Counts] = {
    size: Counts(
        streets=len({street for street, _, _ in BANDS}),
        communities=COMMUNITIES,
        resident_groups=RESIDENT_GROUPS,
        grid_units=GRID_UNITS,
        stationed_organisations=organisations.TOTAL,
        buildings=spec.buildings,
        households=spec.households,
        residents=spec.residents,
    )
    for size, spec in SIZES.items()
}


@dataclass(frozen=True, slots=True)
class City:
    seed: int
    size: Size
    #: The whole area (union of every grid unit) as a GeoJSON polygon.
    boundary: Polygon
    streets: list[Street]
    communities: list[Community]
    resident_groups: list[ResidentGroup]
    grid_units: list[GridUnit]
    stationed_organisations: list[StationedOrganisation]
    plan: Plan = field(repr=False)

    def counts(self) -> Counts:
        return Counts(
            streets=len(self.streets),
            communities=len(self.communities),
            resident_groups=len(self.resident_groups),
            grid_units=len(self.grid_units),
            stationed_organisations=len(self.stationed_organisations),
            buildings=sum(self.plan.buildings_per_place),
            households=sum(self.plan.households_per_building),
            residents=SIZES[self.size].residents,
        )

    def iter_buildings(self) -> Iterator[Building]:
        """Buildings grid unit by grid unit, in `grid_units` order."""
        return iter_buildings(self.seed, self.plan)

    def iter_households(self) -> Iterator[Household]:
        """Households building by building, in `iter_buildings` order."""
        return iter_households(self.seed, self.plan)

    def iter_residents(self) -> Iterator[Resident]:
        """Residents household by household (head first), in `iter_households` order."""
        return iter_residents(self.seed, self.iter_households())
