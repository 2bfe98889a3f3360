from collections import Counter

import pytest

from weimin_democity import City, is_demo_id_card
from weimin_democity.orgnetwork import JOINT_AREAS, OrgNetwork, generate_org_network


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
