from weimin_democity import City, generate
from weimin_democity.accounts import demo_account_id
from weimin_democity.volunteers import SKILLS, TEAMS, generate_volunteers


def test_the_volunteer_world_is_the_same_every_time(city: City) -> None:
    first = generate_volunteers(city)
    again = generate_volunteers(generate("demo"))
    assert first == again


def test_demo_size_has_517_teams_each_led_by_one_of_its_members(city: City) -> None:
    world = generate_volunteers(city)
    assert len(world.volunteers) == 3_000
    assert len(world.teams) == TEAMS
    assert all(team.leader_id in team.member_ids for team in world.teams)
    assert len({v.person_id for v in world.volunteers}) == 3_000
    assert len(world.stations) == 31
    assert {s.community_id for s in world.stations} == {c.id for c in city.communities}


def test_volunteers_live_in_their_grid_unit_and_hold_certificates_for_certified_skills(
    city: City,
) -> None:
    world = generate_volunteers(city)
    community_of = {g.id: g.community_id for g in city.grid_units}
    certified = {code for code, _, needs in SKILLS if needs}
    for volunteer in world.volunteers:
        assert community_of[volunteer.grid_unit_id] == volunteer.community_id
        held = {c.skill_code for c in volunteer.certificates}
        assert held == set(volunteer.skill_codes) & certified
        assert round(volunteer.home_lon, 3) == volunteer.home_lon


def test_volunteer01_is_the_demo_accounts_volunteer_in_the_first_community(city: City) -> None:
    first = generate_volunteers(city).volunteers[0]
    assert first.account_id == demo_account_id(city.seed, "volunteer01")
    assert first.community_id == city.communities[0].id
