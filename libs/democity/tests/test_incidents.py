from collections import Counter
from datetime import UTC, datetime

from weimin_democity import City
from weimin_democity.accounts import demo_account_id
from weimin_democity.geography import contains, ring_of
from weimin_democity.incidents import (
    PATHS,
    iter_incidents,
    iter_joint_defence_groups,
    iter_patrols,
    iter_visits,
)
from weimin_events.vocabularies import INCIDENT_STATES

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_incidents_are_identical_on_every_run(city: City) -> None:
    assert list(iter_incidents(city, NOW)) == list(iter_incidents(city, NOW))


def test_every_workflow_state_appears(city: City) -> None:
    incidents = list(iter_incidents(city, NOW))
    assert len(incidents) == 2 * len(city.grid_units)
    assert set(Counter(i.state for i in incidents)) == set(PATHS) == set(INCIDENT_STATES)


def test_each_incident_lies_inside_its_grid_unit(city: City) -> None:
    rings = {unit.id: ring_of(unit.boundary) for unit in city.grid_units}
    outside = [
        i.id
        for i in iter_incidents(city, NOW)
        if not contains(rings[i.grid_unit_id], (i.lon, i.lat))
    ]
    assert outside == []


def test_steps_chain_from_reported_to_the_state_in_time_order(city: City) -> None:
    for incident in iter_incidents(city, NOW):
        states = ["reported"] + [step.to_state for step in incident.steps]
        assert [step.from_state for step in incident.steps] == states[:-1]
        assert states[-1] == incident.state
        times = [incident.created_at] + [step.at for step in incident.steps]
        assert times == sorted(times)
        assert incident.created_at < NOW


def test_duplicates_link_to_an_earlier_incident_of_their_own_unit(city: City) -> None:
    seen: dict[object, object] = {}
    for incident in iter_incidents(city, NOW):
        if incident.state == "duplicate":
            assert seen[incident.duplicate_of_id] == incident.grid_unit_id
        else:
            assert incident.duplicate_of_id is None
        seen[incident.id] = incident.grid_unit_id


def test_patrol_check_ins_lie_inside_the_patrols_grid_unit(city: City) -> None:
    rings = {unit.id: ring_of(unit.boundary) for unit in city.grid_units}
    patrols = list(iter_patrols(city, NOW))
    assert len(patrols) == 3 * len(city.grid_units)
    assert all(
        contains(rings[p.grid_unit_id], (lon, lat)) for p in patrols for lon, lat, _ in p.check_ins
    )
    assert all(p.started_at < p.ended_at < NOW for p in patrols)


def test_visits_go_to_care_tagged_households_once_each(city: City) -> None:
    tagged = {r.household_id for r in city.iter_residents() if r.care_tags}
    visits = list(iter_visits(city, NOW))
    households = [v.household_id for v in visits]
    assert visits
    assert len(households) == len(set(households))
    assert set(households) <= tagged
    assert all(v.visited_at <= NOW for v in visits)


def test_joint_defence_groups_hold_up_to_ten_households_of_one_unit(city: City) -> None:
    unit_of = {h.id: h.grid_unit_id for h in city.iter_households()}
    groups = list(iter_joint_defence_groups(city))
    assert len(groups) == len(city.grid_units)
    for group in groups:
        households = [h for h, _ in group.members]
        assert 2 <= len(households) <= 10
        assert group.lead_household_id == households[0]
        assert {unit_of[h] for h in households} == {group.grid_unit_id}


def test_neighbour01_answers_for_a_household_of_grid001s_group(city: City) -> None:
    grid001_unit = next(g.id for g in city.grid_units if g.community_id == city.communities[0].id)
    neighbour = str(demo_account_id(city.seed, "neighbour01"))
    (group,) = [g for g in iter_joint_defence_groups(city) if g.grid_unit_id == grid001_unit]
    assert [account for _, account in group.members].count(neighbour) == 1
    assert all(
        neighbour not in (a for _, a in g.members)
        for g in iter_joint_defence_groups(city)
        if g.id != group.id
    )
