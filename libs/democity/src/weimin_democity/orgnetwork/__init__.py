"""The organisation network's people and commitments: party members drawn from the
residents, in-service members reporting to their home communities, ten community big
committees with their seats, 37 demonstration businesses and 82 service posts, joint
meetings with their tasks, co-building agreements and yearly resource guarantees; at the
`city` size also functional, joint and mobile-member branches under every community.

Everything derives from the city and ``digest(seed, kind, n)``, so every run gives the
same records with the same ids (`derive_id`). Members are about 7 % of adult residents
(the city size gives 63,355), their identity numbers are the residents' own.
"""

import uuid

from weimin_democity.city import City
from weimin_democity.orgnetwork import branches, members, places
from weimin_democity.orgnetwork.branches import BRANCH_KINDS, expected_branches
from weimin_democity.orgnetwork.members import BIG_COMMITTEES, BUSINESSES, SERVICE_POSTS
from weimin_democity.orgnetwork.places import GUARANTEE_YEARS
from weimin_democity.orgnetwork.records import (
    JOINT_AREAS,
    AgreementRecord,
    BigCommitteeRecord,
    BranchRecord,
    GuaranteeRecord,
    MeetingRecord,
    MemberReportRecord,
    OrgNetwork,
    PartyMemberRecord,
    SeatRecord,
    SiteRecord,
    TaskRecord,
)

__all__ = [
    "BIG_COMMITTEES",
    "BRANCH_KINDS",
    "BUSINESSES",
    "GUARANTEE_YEARS",
    "JOINT_AREAS",
    "SERVICE_POSTS",
    "AgreementRecord",
    "BigCommitteeRecord",
    "BranchRecord",
    "GuaranteeRecord",
    "MeetingRecord",
    "MemberReportRecord",
    "OrgNetwork",
    "PartyMemberRecord",
    "SeatRecord",
    "SiteRecord",
    "TaskRecord",
    "expected_branches",
    "generate_org_network",
]


def generate_org_network(city: City) -> OrgNetwork:
    """The whole network for `city`; streams the residents once."""
    partners: dict[uuid.UUID, list[uuid.UUID]] = {c.id: [] for c in city.communities}
    for organisation in city.stationed_organisations:
        for community_id in organisation.community_ids:
            partners[community_id].append(organisation.id)
    found = list(members.members(city, partners))
    committees = members.committees(city)
    in_service = (m for m in found if m.in_service)
    return OrgNetwork(
        members=found,
        reports=[members.report(city.seed, n, m) for n, m in enumerate(in_service)],
        big_committees=committees,
        seats=members.seats(city.seed, committees, found, partners),
        sites=members.sites(city, found),
        meetings=places.meetings(city, partners),
        agreements=places.agreements(city),
        guarantees=places.guarantees(city),
        branches=branches.branches(city),
    )
