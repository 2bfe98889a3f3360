from collections import Counter
from itertools import islice

import pytest

from weimin_democity import City, generate, is_demo_id_card
from weimin_democity.orgnetwork import (
    JOINT_AREAS,
    OrgNetwork,
    expected_branches,
    generate_org_network,
)
from weimin_democity.orgnetwork.branches import branches
from weimin_democity.orgnetwork.members import is_member

DEMO_ORGANISATIONS = 2 + 31 + 143 + 1_707 + 10  # streets … stationed, big committees


@pytest.fixture(scope="module")
def network(city: City) -> OrgNetwork:
    return generate_org_network(city)


def test_the_network_is_the_same_on_every_run(city: City, network: OrgNetwork) -> None:
    again = generate_org_network(city)
    assert [m.id for m in again.members] == [m.id for m in network.members]
    assert again.sites == network.sites
    assert again.guarantees == network.guarantees


def test_demonstration_sites_match_the_source_case(network: OrgNetwork) -> None:
    assert Counter(s.kind for s in network.sites) == {"business": 37, "service_post": 82}
    assert len({s.holder.id for s in network.sites}) == 119
    assert all(s.valid_from < s.valid_until for s in network.sites)


def test_members_are_adult_residents_with_demo_identity_numbers(
    city: City, network: OrgNetwork
) -> None:
    members = network.members
    assert 1_000 < len(members) < 2_000
    assert len({m.resident.id_card_number for m in members}) == len(members)
    assert all(is_demo_id_card(m.resident.id_card_number) for m in members)
    groups = {g.id for g in city.resident_groups}
    stationed = {o.id for o in city.stationed_organisations}
    assert all(
        (m.organisation_id in stationed) == m.in_service and m.organisation_id in groups | stationed
        for m in members
    )
    assert {r.member.id for r in network.reports} == {m.id for m in members if m.in_service}


def test_ten_big_committees_with_terms_that_do_not_overlap(network: OrgNetwork) -> None:
    assert len(network.big_committees) == 10
    assert Counter(s.committee.id for s in network.seats) == dict.fromkeys(
        (c.id for c in network.big_committees), 7
    )
    for seat in network.seats:
        assert seat.member.resident.community_id == seat.committee.community_id
        assert seat.term_start < seat.term_end
    assert len({(s.committee.id, s.member.id) for s in network.seats}) == len(network.seats)


def test_meetings_guarantees_and_agreements_cover_every_community(
    city: City, network: OrgNetwork
) -> None:
    communities = {c.id for c in city.communities}
    assert {m.community_id for m in network.meetings} == communities | {None}
    assert {t.area for m in network.meetings for t in m.tasks} <= set(JOINT_AREAS)
    for meeting in network.meetings:
        assert all(t.owner_organisation_id in meeting.attendee_unit_ids for t in meeting.tasks)
    assert Counter(g.community_id for g in network.guarantees) == dict.fromkeys(communities, 2)
    links = sum(len(o.community_ids) for o in city.stationed_organisations)
    assert len(network.agreements) == links
    assert all(a.contributions for a in network.agreements)


def test_the_demo_has_no_extra_branches(city: City, network: OrgNetwork) -> None:
    assert network.branches == []
    assert set(expected_branches(city).values()) == {0}


def test_the_city_adds_forty_branches_to_every_community_for_3133_organisations() -> None:
    city = generate("city")  # the registries only: no resident is generated here
    found = branches(city)
    assert (
        Counter(b.kind for b in found)
        == expected_branches(city)
        == {
            "functional_branch": 18 * 31,
            "joint_branch": 14 * 31,
            "mobile_member_branch": 8 * 31,
        }
    )
    assert Counter(b.community_id for b in found) == dict.fromkeys(
        (c.id for c in city.communities), 40
    )
    assert len({b.id for b in found}) == len({b.code for b in found}) == len(found) == 1_240
    assert DEMO_ORGANISATIONS + len(found) == 3_133
    street_of = {c.id: c.street_id for c in city.communities}
    assert all(street_of[b.community_id] == b.street_id for b in found)
    assert branches(generate("city")) == found


def test_the_city_draws_well_over_50000_members_from_a_million_residents() -> None:
    # Streaming all 1,000,000 residents takes 20 s; the draw is the same everywhere, so the
    # first tenth shows the rate (the whole city gives 63,355, the bench's load records it).
    city = generate("city")
    sample = 100_000
    drawn = sum(
        is_member(city.seed, n, r) for n, r in enumerate(islice(city.iter_residents(), sample))
    )
    assert drawn * (city.counts().residents // sample) >= 55_000
