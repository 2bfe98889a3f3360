"""The organisation network's people and commitments: party members drawn from the
residents, in-service members reporting to their home communities, ten community big
committees with their seats, 37 demonstration businesses and 82 service posts, joint
meetings with their tasks, co-building agreements and yearly resource guarantees.

Everything derives from the city and ``digest(seed, kind, n)``, so every run gives the
same records with the same ids (`derive_id`). Members are about 7 % of adult residents
(the city size gives more than 50,000), their identity numbers are the residents' own.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from weimin_democity.city import City
from weimin_democity.ids import derive_id, digest
from weimin_democity.model import Resident
from weimin_democity.names import ROADS
from weimin_democity.people import REFERENCE_DATE

JOINT_AREAS = (
    "thought_work", "public_order", "public_welfare", "environment", "culture_sport", "economy",
)  # fmt: skip
BIG_COMMITTEES = 10
SEATS_PER_COMMITTEE = 7
BUSINESSES = 37
SERVICE_POSTS = 82
GUARANTEE_YEARS = (2023, 2024)
_MEMBER_PER_MILLE = 70
_BUSINESS_KINDS = (("restaurant", "餐馆"), ("inn", "客栈"), ("tea_house", "茶社"),
                   ("craft_shop", "扎染工坊"), ("grocery", "便民超市"))  # fmt: skip
_POST_KINDS = (("ticketing", "售票服务岗"), ("tour_information", "旅游咨询岗"),
               ("lost_and_found", "失物招领岗"), ("first_aid", "应急救护岗"),
               ("lake_patrol", "洱海巡护岗"), ("legal_advice", "法律咨询岗"))  # fmt: skip
_TASKS = {
    "thought_work": "开展党史学习宣讲", "public_order": "组织夜间治安巡逻",
    "public_welfare": "走访慰问困难群众", "environment": "清理洱海沿岸垃圾",
    "culture_sport": "举办社区文艺汇演", "economy": "对接就业岗位招聘",
}  # fmt: skip
_PLEDGES = ("每月参加一次志愿服务", "结对帮扶一户困难家庭", "参与网格巡查", "认领一个微心愿")


@dataclass(frozen=True, slots=True)
class PartyMemberRecord:
    """A party member and the person record behind them (the resident's own identity)."""

    id: uuid.UUID
    person_id: uuid.UUID
    resident: Resident
    street_id: uuid.UUID
    organisation_id: uuid.UUID
    standing: str
    joined_on: date
    in_service: bool


@dataclass(frozen=True, slots=True)
class MemberReportRecord:
    id: uuid.UUID
    member: PartyMemberRecord
    reported_on: date
    pledges: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True, slots=True)
class BigCommitteeRecord:
    id: uuid.UUID
    community_id: uuid.UUID
    street_id: uuid.UUID
    name: str
    code: str


@dataclass(frozen=True, slots=True)
class SeatRecord:
    id: uuid.UUID
    committee: BigCommitteeRecord
    member: PartyMemberRecord
    unit_organisation_id: uuid.UUID | None
    role: str
    employment: str
    term_start: date
    term_end: date


@dataclass(frozen=True, slots=True)
class SiteRecord:
    id: uuid.UUID
    kind: str
    category: str
    name: str
    holder: PartyMemberRecord
    commitment: str
    address: str
    lon: float
    lat: float
    valid_from: date
    valid_until: date


@dataclass(frozen=True, slots=True)
class TaskRecord:
    id: uuid.UUID
    area: str
    title: str
    owner_organisation_id: uuid.UUID
    due_on: date
    status: str
    completed_on: date | None


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID | None
    title: str
    held_on: date
    minutes: str
    attendee_unit_ids: tuple[uuid.UUID, ...]
    tasks: tuple[TaskRecord, ...]


@dataclass(frozen=True, slots=True)
class AgreementRecord:
    id: uuid.UUID
    organisation_id: uuid.UUID
    community_id: uuid.UUID
    contributions: tuple[tuple[str, str, int | None], ...]
    starts_on: date
    ends_on: date


@dataclass(frozen=True, slots=True)
class GuaranteeRecord:
    id: uuid.UUID
    community_id: uuid.UUID
    year: int
    staff_count: int
    party_building_fund: int
    work_funds: int
    venue_area_m2: int
    staff_allowance_monthly: int
    secretary_allowance_monthly: int


@dataclass(frozen=True, slots=True)
class OrgNetwork:
    members: list[PartyMemberRecord]
    reports: list[MemberReportRecord]
    big_committees: list[BigCommitteeRecord]
    seats: list[SeatRecord]
    sites: list[SiteRecord]
    meetings: list[MeetingRecord]
    agreements: list[AgreementRecord]
    guarantees: list[GuaranteeRecord]


def _age(resident: Resident) -> int:
    born, on = resident.birth_date, REFERENCE_DATE
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _days(raw: bytes, offset: int, span: int) -> int:
    return int.from_bytes(raw[offset : offset + 2], "big") % span


def generate_org_network(city: City) -> OrgNetwork:
    """The whole network for `city`; streams the residents once."""
    partners: dict[uuid.UUID, list[uuid.UUID]] = {c.id: [] for c in city.communities}
    for organisation in city.stationed_organisations:
        for community_id in organisation.community_ids:
            partners[community_id].append(organisation.id)
    members = list(_members(city, partners))
    committees = _committees(city)
    in_service = (m for m in members if m.in_service)
    return OrgNetwork(
        members=members, reports=[_report(city.seed, n, m) for n, m in enumerate(in_service)],
        big_committees=committees, seats=_seats(city.seed, committees, members, partners),
        sites=_sites(city, members), meetings=_meetings(city, partners),
        agreements=_agreements(city), guarantees=_guarantees(city),
    )  # fmt: skip


def _members(city: City, partners: dict[uuid.UUID, list[uuid.UUID]]) -> Iterator[PartyMemberRecord]:
    street_of = {c.id: c.street_id for c in city.communities}
    group_of_grid = {g.id: g.resident_group_id for g in city.grid_units}
    count = 0
    for n, resident in enumerate(city.iter_residents()):
        raw = digest(city.seed, "party-member", n)
        age = _age(resident)
        if age < 18 or int.from_bytes(raw[:2], "big") % 1000 >= _MEMBER_PER_MILLE:
            continue
        # About a third serve in a stationed unit and report to the community they live in.
        units = partners[resident.community_id]
        in_service = raw[2] % 3 == 0 and 22 <= age <= 60 and bool(units)
        at_18 = resident.birth_date.replace(year=resident.birth_date.year + 18, day=1)
        joined = min(
            at_18 + timedelta(days=_days(raw, 4, max(1, (age - 18) * 365))), REFERENCE_DATE
        )
        yield PartyMemberRecord(
            id=derive_id(city.seed, "party-member", count),
            person_id=derive_id(city.seed, "person", count), resident=resident,
            street_id=street_of[resident.community_id],
            organisation_id=units[raw[3] % len(units)] if in_service
            else group_of_grid[resident.grid_unit_id],
            standing="probationary" if joined > REFERENCE_DATE - timedelta(days=365) else "formal",
            joined_on=joined, in_service=in_service,
        )  # fmt: skip
        count += 1


def _report(seed: int, n: int, member: PartyMemberRecord) -> MemberReportRecord:
    raw = digest(seed, "member-report", n)
    pledges = tuple(
        (JOINT_AREAS[(raw[i] + i) % 6], _PLEDGES[raw[i + 3] % len(_PLEDGES)], 2 + raw[i + 6] % 7)
        for i in range(1 + raw[0] % 2)
    )
    reported_on = date(2024, 1, 1) + timedelta(days=_days(raw, 10, 180))
    return MemberReportRecord(derive_id(seed, "member-report", n), member, reported_on, pledges)


def _committees(city: City) -> list[BigCommitteeRecord]:
    # Every third community has a big committee: ten of the thirty-one.
    chosen = city.communities[::3][:BIG_COMMITTEES]
    return [
        BigCommitteeRecord(derive_id(city.seed, "big-committee", n), c.id, c.street_id,
                           f"{c.name}大党委", f"{c.code}-DDW")
        for n, c in enumerate(chosen)
    ]  # fmt: skip


def _seats(
    seed: int,
    committees: list[BigCommitteeRecord],
    members: list[PartyMemberRecord],
    partners: dict[uuid.UUID, list[uuid.UUID]],
) -> list[SeatRecord]:
    living: dict[uuid.UUID, list[PartyMemberRecord]] = {}
    for member in members:
        living.setdefault(member.resident.community_id, []).append(member)
    seats: list[SeatRecord] = []
    for committee in committees:
        units = partners[committee.community_id]
        for k, member in enumerate(living.get(committee.community_id, [])[:SEATS_PER_COMMITTEE]):
            # Half the terms end in 2024 so the expiring list has something to show.
            start = date(2022, 1, 1) if k % 2 else date(2023, 7, 1)
            seats.append(SeatRecord(
                id=derive_id(seed, "big-committee-seat", len(seats)), committee=committee,
                member=member, unit_organisation_id=units[k % len(units)] if k and units else None,
                role=("secretary", "deputy_secretary")[k] if k < 2 else "member",
                employment="full_time" if k == 0 else "part_time", term_start=start,
                term_end=start.replace(year=start.year + 3) - timedelta(days=1),
            ))  # fmt: skip
    return seats


def _sites(city: City, members: list[PartyMemberRecord]) -> list[SiteRecord]:
    grid = {g.id: g for g in city.grid_units}
    community = {c.id: c for c in city.communities}
    total = BUSINESSES + SERVICE_POSTS
    sites = []
    for n in range(min(total, len(members))):
        holder = members[n * len(members) // total]
        raw = digest(city.seed, "demonstration-site", n)
        business = n < BUSINESSES
        category, label = (_BUSINESS_KINDS if business else _POST_KINDS)[raw[0] % 5]
        home = community[holder.resident.community_id]
        lon, lat = grid[holder.resident.grid_unit_id].centroid
        sites.append(SiteRecord(
            id=derive_id(city.seed, "demonstration-site", n),
            kind="business" if business else "service_post", category=category,
            name=f"{home.name.removesuffix('社区')}党员示范{label}{n + 1}", holder=holder,
            commitment="亮身份、守承诺、优服务：明码标价，诚信经营，热情服务游客与居民",
            address=f"大理市{home.name}{ROADS[raw[1] % len(ROADS)]}{1 + raw[2] % 200}号",
            lon=round(lon + (raw[3] - 128) * 1e-6, 7), lat=round(lat + (raw[4] - 128) * 1e-6, 7),
            valid_from=date(2024, 1, 1), valid_until=date(2026, 12, 31),
        ))  # fmt: skip
    return sites


def _meetings(city: City, partners: dict[uuid.UUID, list[uuid.UUID]]) -> list[MeetingRecord]:
    places: list[tuple[uuid.UUID, uuid.UUID | None, str, list[uuid.UUID]]] = [
        (s.id, None, s.name, [s.id]) for s in city.streets
    ]
    places += [(c.street_id, c.id, c.name, [c.id, *partners[c.id][:3]]) for c in city.communities]
    meetings: list[MeetingRecord] = []
    for street_id, community_id, name, attendees in places:
        for held_on in (date(2024, 3, 15), date(2024, 9, 15)):
            n = len(meetings)
            raw = digest(city.seed, "joint-meeting", n)
            tasks = []
            for k in range(3):
                area = JOINT_AREAS[(raw[0] + k) % len(JOINT_AREAS)]
                due = held_on + timedelta(days=30 + raw[k + 1] % 90)
                done = due < REFERENCE_DATE and raw[k + 4] % 3 != 0
                tasks.append(TaskRecord(
                    id=derive_id(city.seed, "joint-task", 3 * n + k), area=area,
                    title=_TASKS[area], owner_organisation_id=attendees[k % len(attendees)],
                    due_on=due, status="done" if done else ("in_progress" if k else "open"),
                    completed_on=due - timedelta(days=raw[k + 7] % 10) if done else None,
                ))  # fmt: skip
            meetings.append(MeetingRecord(
                id=derive_id(city.seed, "joint-meeting", n), street_id=street_id,
                community_id=community_id, title=f"{name}{held_on.year}年{held_on.month}月联席会议",
                held_on=held_on, minutes=f"{name}召开共驻共建联席会议，议定{len(tasks)}项任务。",
                attendee_unit_ids=tuple(attendees), tasks=tuple(tasks),
            ))  # fmt: skip
    return meetings


def _agreements(city: City) -> list[AgreementRecord]:
    agreements: list[AgreementRecord] = []
    for organisation in city.stationed_organisations:
        for community_id in organisation.community_ids:
            n = len(agreements)
            raw = digest(city.seed, "co-building-agreement", n)
            contributions: list[tuple[str, str, int | None]] = [
                ("services", "志愿服务进社区", None)
            ]
            if raw[0] % 2:
                contributions.append(("funds", "共建经费", 5_000 * (1 + raw[1] % 10)))
            if raw[2] % 3 == 0:
                contributions.append(("venue", "开放活动场地", 50 + raw[3] % 200))
            if raw[4] % 2:
                contributions.append(("people", "派驻志愿者", 2 + raw[5] % 10))
            agreements.append(AgreementRecord(
                derive_id(city.seed, "co-building-agreement", n), organisation.id, community_id,
                tuple(contributions), starts_on=date(2023, 1, 1), ends_on=date(2025, 12, 31),
            ))  # fmt: skip
    return agreements


def _guarantees(city: City) -> list[GuaranteeRecord]:
    guarantees: list[GuaranteeRecord] = []
    for c, community in enumerate(city.communities):
        for year in GUARANTEE_YEARS:
            n = len(guarantees)
            raw = digest(city.seed, "resource-guarantee", n)
            # Most communities meet the minimums; a few fall short on one or two counts.
            short = raw[0] % 5 == 0
            guarantees.append(GuaranteeRecord(
                id=derive_id(city.seed, "resource-guarantee", n), community_id=community.id,
                year=year, staff_count=(9 if short else 12) + raw[1] % 4,
                party_building_fund=50_000,
                work_funds=(150_000 if short and raw[2] % 2 else 195_000) + 1_000 * (raw[3] % 20),
                venue_area_m2=300 + raw[4] % 400,
                staff_allowance_monthly=3_600 + 50 * (raw[5] % 11),
                secretary_allowance_monthly=(400 if short and c % 2 else 500) + 10 * (raw[6] % 10),
            ))  # fmt: skip
    return guarantees
