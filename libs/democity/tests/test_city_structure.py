import dataclasses
import itertools
import json
import subprocess
import sys
from collections import Counter

from weimin_democity import EXPECTED_COUNTS, City, Counts, Resident, derive_id, generate


def test_two_runs_with_the_same_seed_are_identical(city: City, residents: list[Resident]) -> None:
    again = generate("demo")
    assert again == city
    assert list(again.iter_buildings()) == list(city.iter_buildings())
    assert list(again.iter_households()) == list(city.iter_households())
    assert list(again.iter_residents()) == residents


def test_another_seed_gives_other_ids_and_people(city: City, residents: list[Resident]) -> None:
    other = generate("demo", seed=7)
    assert other.grid_units[0].id != city.grid_units[0].id
    assert next(other.iter_residents()) != residents[0]
    assert other.counts() == city.counts()


def test_ids_follow_the_documented_derivation(city: City) -> None:
    assert city.grid_units[5].id == derive_id(2024, "grid-unit", 5)
    assert next(city.iter_buildings()).id == derive_id(2024, "building", 0)
    assert all(c.id.version == 7 for c in city.communities)


def test_counts_match_the_source_case_and_the_constants(city: City) -> None:
    assert city.counts() == EXPECTED_COUNTS["demo"]
    assert city.counts() == Counts(
        streets=2,
        communities=31,
        resident_groups=143,
        grid_units=427,
        stationed_organisations=1_707,
        buildings=1_281,
        households=8_000,
        residents=20_000,
    )


def test_iterators_yield_exactly_the_counted_numbers(city: City, residents: list[Resident]) -> None:
    assert sum(1 for _ in city.iter_buildings()) == city.counts().buildings
    assert sum(1 for _ in city.iter_households()) == city.counts().households
    assert len(residents) == city.counts().residents


def test_city_size_is_planned_for_exactly_a_million_residents() -> None:
    counts = generate("city").counts()
    assert counts == EXPECTED_COUNTS["city"]
    assert counts.residents == 1_000_000


def test_stationed_organisations_split_by_level_and_kind(city: City) -> None:
    levels = Counter(o.level for o in city.stationed_organisations)
    assert levels == {"prefecture": 1_074, "city": 417, "two_new": 216}
    two_new = Counter(o.kind for o in city.stationed_organisations if o.level == "two_new")
    assert set(two_new) == {"new_economic", "new_social"}
    assert len({o.name for o in city.stationed_organisations}) == 1_707
    community_ids = {c.id for c in city.communities}
    linked = {cid for o in city.stationed_organisations for cid in o.community_ids}
    assert linked == community_ids


def test_every_reference_points_at_an_existing_parent(city: City) -> None:
    streets = {s.id for s in city.streets}
    communities = {c.id: c for c in city.communities}
    groups = {g.id: g for g in city.resident_groups}
    grids = {g.id: g for g in city.grid_units}
    assert all(c.street_id in streets for c in city.communities)
    assert all(g.community_id in communities for g in city.resident_groups)
    for grid in city.grid_units:
        assert groups[grid.resident_group_id].community_id == grid.community_id
    buildings = {}
    for building in city.iter_buildings():
        assert grids[building.grid_unit_id].community_id == building.community_id
        buildings[building.id] = building
    for household in city.iter_households():
        building = buildings[household.building_id]
        assert (household.grid_unit_id, household.community_id) == (
            building.grid_unit_id,
            building.community_id,
        )
        assert household.address.startswith(building.address)


def test_every_group_has_a_grid_unit_and_every_community_a_group(city: City) -> None:
    assert set(Counter(g.resident_group_id for g in city.grid_units)) == {
        g.id for g in city.resident_groups
    }
    assert set(Counter(g.community_id for g in city.resident_groups)) == {
        c.id for c in city.communities
    }


def test_streets_own_contiguous_runs_of_communities(city: City) -> None:
    order = [c.street_id for c in city.communities]
    changes = sum(1 for a, b in itertools.pairwise(order) if a != b)
    assert changes == 1
    assert [s.name for s in city.streets] == ["下关街道", "大理镇"]


def test_codes_are_unique_and_official_style(city: City) -> None:
    codes = [g.code for g in city.grid_units]
    assert len(set(codes)) == 427
    assert codes[6] == "532901001001-G007"
    assert all(len(c.division_code) == 12 and c.division_code.isdigit() for c in city.communities)
    assert len({c.division_code for c in city.communities}) == 31
    assert city.resident_groups[2].name == "第三居民小组"


def test_command_line_prints_the_counts_as_json() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "weimin_democity", "--size", "demo"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == dataclasses.asdict(EXPECTED_COUNTS["demo"])
