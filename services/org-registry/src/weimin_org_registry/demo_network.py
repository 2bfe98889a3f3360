"""The demonstration city's organisation network beyond the tree: people and party members,
member reports, big committees and their seats, demonstration sites, joint meetings and
tasks, co-building agreements and resource guarantees. Loaded once, when no person exists
yet; identity numbers and phones are sealed exactly as the API seals them."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_democity import City
from weimin_democity.orgnetwork import OrgNetwork, generate_org_network
from weimin_kit.db import insert_in_batches
from weimin_kit.types import utcnow
from weimin_org_registry.cobuilding.models import CoBuildingAgreement
from weimin_org_registry.committees.models import BigCommitteeSeat
from weimin_org_registry.config import Settings
from weimin_org_registry.demonstration.models import DemonstrationSite
from weimin_org_registry.guarantees.models import ResourceGuarantee
from weimin_org_registry.meetings.models import JointMeeting, JointTask
from weimin_org_registry.members.models import MemberReport, PartyMember
from weimin_org_registry.organisations.models import Organisation
from weimin_org_registry.people.models import Person, PersonNameGram
from weimin_org_registry.people.names import gram_rows
from weimin_org_registry.people.protection import PersonalDataVault

BATCH = 1_000
NETWORK_COUNTS = (
    "people",
    "party_members",
    "member_reports",
    "big_committees",
    "big_committee_seats",
    "demonstration_businesses",
    "demonstration_service_posts",
    "joint_meetings",
    "joint_tasks",
    "co_building_agreements",
    "resource_guarantees",
    "functional_branches",
    "joint_branches",
    "mobile_member_branches",
)


async def load_network(session: AsyncSession, settings: Settings, city: City) -> dict[str, int]:
    if await session.scalar(select(Person.id).limit(1)) is not None:
        return dict.fromkeys(NETWORK_COUNTS, 0)
    network = generate_org_network(city)
    now = {"created_at": utcnow(), "updated_at": utcnow()}
    tasks = _tasks(network, now)
    # Parents before children: foreign keys are checked row by row.
    tables: list[tuple[Any, list[dict[str, Any]]]] = [
        (Organisation, _committees(network, now) + _branches(network, now)),
        (Person, _people(network, PersonalDataVault.from_settings(settings), now)),
        (
            PersonNameGram,
            gram_rows(((m.person_id, m.resident.name) for m in network.members), now["created_at"]),
        ),
        (PartyMember, _members(network, city, now)),
        (MemberReport, _reports(network, now)),
        (BigCommitteeSeat, _seats(network, now)),
        (DemonstrationSite, _sites(network, now)),
        (JointMeeting, _meetings(network, now)),
        (JointTask, tasks),
        (CoBuildingAgreement, _agreements(network, city, now)),
        (ResourceGuarantee, _guarantees(network, city, now)),
    ]
    for table, rows in tables:
        await insert_in_batches(session, table, rows, BATCH)
    sites = [s.kind for s in network.sites]
    return {
        "people": len(network.members),
        "party_members": len(network.members),
        "member_reports": len(network.reports),
        "big_committees": len(network.big_committees),
        "big_committee_seats": len(network.seats),
        "demonstration_businesses": sites.count("business"),
        "demonstration_service_posts": sites.count("service_post"),
        "joint_meetings": len(network.meetings),
        "joint_tasks": len(tasks),
        "co_building_agreements": len(network.agreements),
        "resource_guarantees": len(network.guarantees),
        **{
            f"{kind}es": sum(b.kind == kind for b in network.branches)
            for kind in ("functional_branch", "joint_branch", "mobile_member_branch")
        },
    }


def _committees(network: OrgNetwork, now: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "kind": "big_committee",
            "name": c.name,
            "code": c.code,
            "division_code": None,
            "parent_id": c.community_id,
            "path": f"/{c.street_id}/{c.community_id}/{c.id}/",
            "depth": 3,
            "street_id": c.street_id,
            "community_id": c.community_id,
            "level": None,
            "category": None,
            "sector": None,
            "status": "active",
            **now,
        }
        for c in network.big_committees
    ]


def _branches(network: OrgNetwork, now: dict[str, Any]) -> list[dict[str, Any]]:
    """The city size's functional, joint and mobile-member branches, under communities."""
    return [
        {
            "id": b.id,
            "kind": b.kind,
            "name": b.name,
            "code": b.code,
            "division_code": None,
            "parent_id": b.community_id,
            "path": f"/{b.street_id}/{b.community_id}/{b.id}/",
            "depth": 3,
            "street_id": b.street_id,
            "community_id": b.community_id,
            "level": None,
            "category": None,
            "sector": None,
            "status": "active",
            **now,
        }
        for b in network.branches
    ]


def _people(
    network: OrgNetwork, vault: PersonalDataVault, now: dict[str, Any]
) -> list[dict[str, Any]]:
    rows = []
    for m in network.members:
        resident = m.resident
        id_cipher, id_index = vault.seal_id_card(resident.id_card_number)
        phone_cipher, phone_index = (
            vault.seal_phone(resident.phone) if resident.phone else (None, None)
        )
        rows.append(
            {
                "id": m.person_id,
                "name": resident.name,
                "gender": resident.gender,
                "ethnicity": resident.ethnicity,
                "id_card_cipher": id_cipher,
                "id_card_index": id_index,
                "phone_cipher": phone_cipher,
                "phone_index": phone_index,
                "street_id": m.street_id,
                "community_id": resident.community_id,
                "account_id": None,
                **now,
            }
        )
    return rows


def _members(network: OrgNetwork, city: City, now: dict[str, Any]) -> list[dict[str, Any]]:
    group_place = {g.id: g.community_id for g in city.resident_groups}
    street_of = {c.id: c.street_id for c in city.communities}
    rows = []
    for m in network.members:
        community = group_place.get(m.organisation_id)  # None: a stationed unit
        rows.append(
            {
                "id": m.id,
                "person_id": m.person_id,
                "organisation_id": m.organisation_id,
                "street_id": street_of[community] if community else None,
                "community_id": community,
                "home_street_id": m.street_id,
                "home_community_id": m.resident.community_id,
                "standing": m.standing,
                "joined_on": m.joined_on,
                **now,
            }
        )
    return rows


def _reports(network: OrgNetwork, now: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "member_id": r.member.id,
            "person_id": r.member.person_id,
            "street_id": r.member.street_id,
            "community_id": r.member.resident.community_id,
            "reported_on": r.reported_on,
            "services_done": 0,
            "service_minutes": 0,
            "services_unreported": 0,
            "pledges": [
                {"area": a, "description": d, "hours_per_month": h} for a, d, h in r.pledges
            ],
            **now,
        }
        for r in network.reports
    ]


def _seats(network: OrgNetwork, now: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "community_id": s.committee.community_id,
            "street_id": s.committee.street_id,
            "person_id": s.member.person_id,
            "unit_organisation_id": s.unit_organisation_id,
            "role": s.role,
            "employment": s.employment,
            "term_start": s.term_start,
            "term_end": s.term_end,
            **now,
        }
        for s in network.seats
    ]


def _sites(network: OrgNetwork, now: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "kind": s.kind,
            "category": s.category,
            "name": s.name,
            "holder_person_id": s.holder.person_id,
            "street_id": s.holder.street_id,
            "community_id": s.holder.resident.community_id,
            "commitment": s.commitment,
            "address": s.address,
            "lon": s.lon,
            "lat": s.lat,
            "valid_from": s.valid_from,
            "valid_until": s.valid_until,
            "revoked_at": None,
            "revoke_reason": None,
            **now,
        }
        for s in network.sites
    ]


def _meetings(network: OrgNetwork, now: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": m.id,
            "street_id": m.street_id,
            "community_id": m.community_id,
            "title": m.title,
            "held_on": m.held_on,
            "minutes": m.minutes,
            "attendee_unit_ids": [str(a) for a in m.attendee_unit_ids],
            **now,
        }
        for m in network.meetings
    ]


def _tasks(network: OrgNetwork, now: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": t.id,
            "meeting_id": m.id,
            "street_id": m.street_id,
            "community_id": m.community_id,
            "area": t.area,
            "title": t.title,
            "owner_organisation_id": t.owner_organisation_id,
            "due_on": t.due_on,
            "status": t.status,
            "completed_on": t.completed_on,
            **now,
        }
        for m in network.meetings
        for t in m.tasks
    ]


def _agreements(network: OrgNetwork, city: City, now: dict[str, Any]) -> list[dict[str, Any]]:
    street_of = {c.id: c.street_id for c in city.communities}
    return [
        {
            "id": a.id,
            "organisation_id": a.organisation_id,
            "community_id": a.community_id,
            "street_id": street_of[a.community_id],
            "starts_on": a.starts_on,
            "ends_on": a.ends_on,
            "contributions": [
                {"kind": k, "description": d, "amount": n} for k, d, n in a.contributions
            ],
            **now,
        }
        for a in network.agreements
    ]


def _guarantees(network: OrgNetwork, city: City, now: dict[str, Any]) -> list[dict[str, Any]]:
    street_of = {c.id: c.street_id for c in city.communities}
    return [
        {
            "id": g.id,
            "community_id": g.community_id,
            "street_id": street_of[g.community_id],
            "year": g.year,
            "staff_count": g.staff_count,
            "party_building_fund": g.party_building_fund,
            "work_funds": g.work_funds,
            "venue_area_m2": g.venue_area_m2,
            "staff_allowance_monthly": g.staff_allowance_monthly,
            "secretary_allowance_monthly": g.secretary_allowance_monthly,
            **now,
        }
        for g in network.guarantees
    ]
