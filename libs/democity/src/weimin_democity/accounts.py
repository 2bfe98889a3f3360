"""Ids of the demo accounts, shared by every service's demo data."""

import uuid

from weimin_democity.city import City
from weimin_democity.ids import derive_id

DEMO_USERNAMES = ("street01", "community01", "grid001", "grid002", "volunteer01", "neighbour01")

#: A resident of grid001's unit whose household is in that unit's joint-defence group, so
#: the demo can raise a neighbour's alarm that reaches grid001's phone.
DEMO_NEIGHBOUR_USERNAME = "neighbour01"


def demo_account_id(seed: int, username: str) -> uuid.UUID:
    """The id the org-registry's demo loader gives the demo account `username`."""
    return derive_id(seed, "account", username)


#: Grid workers keep the names they had before every grid unit got one.
_FIRST_GRID_WORKERS = ("grid001", "grid002")


def grid_worker_username(community_number: int, grid_number: int) -> str:
    """The demo account of the grid worker of grid `grid_number` (its `第N网格`, the `G0NN`
    of its code) in the city's community number `community_number` (1 is community01's).

    `grid-CC-GG`, e.g. `grid-05-03` for the fifth community's third grid; the first two
    grids of the first community keep their older names `grid001` and `grid002`.
    """
    if community_number == 1 and grid_number <= len(_FIRST_GRID_WORKERS):
        return _FIRST_GRID_WORKERS[grid_number - 1]
    return f"grid-{community_number:02d}-{grid_number:02d}"


def grid_workers(city: City) -> dict[uuid.UUID, str]:
    """Every grid unit's demo grid worker: grid unit id -> username (city order)."""
    number_of = {community.id: n for n, community in enumerate(city.communities, start=1)}
    seen: dict[uuid.UUID, int] = {}
    workers: dict[uuid.UUID, str] = {}
    for unit in city.grid_units:
        seen[unit.community_id] = seen.get(unit.community_id, 0) + 1
        workers[unit.id] = grid_worker_username(
            number_of[unit.community_id], seen[unit.community_id]
        )
    return workers
