"""Party members drawn from the residents, their reports to their home communities, the
big committees with their seats and the demonstration sites the members hold."""

import uuid
from collections.abc import Iterator
from datetime import date, timedelta

from weimin_democity.city import City
from weimin_democity.ids import derive_id, digest
from weimin_democity.model import Resident
from weimin_democity.names import ROADS
from weimin_democity.orgnetwork.records import (
    JOINT_AREAS,
    BigCommitteeRecord,
    MemberReportRecord,
    PartyMemberRecord,
    SeatRecord,
    SiteRecord,
)
from weimin_democity.people import REFERENCE_DATE

BIG_COMMITTEES = 10
SEATS_PER_COMMITTEE = 7
BUSINESSES = 37
SERVICE_POSTS = 82
MEMBER_PER_MILLE = 70
_BUSINESS_KINDS = (
    ("restaurant", "餐馆"),
    ("inn", "客栈"),
    ("tea_house", "茶社"),
    ("craft_shop", "扎染工坊"),
    ("grocery", "便民超市"),
)
_POST_KINDS = (
    ("ticketing", "售票服务岗"),
    ("tour_information", "旅游咨询岗"),
    ("lost_and_found", "失物招领岗"),
    ("first_aid", "应急救护岗"),
    ("lake_patrol", "洱海巡护岗"),
    ("legal_advice", "法律咨询岗"),
)
_PLEDGES = ("每月参加一次志愿服务", "结对帮扶一户困难家庭", "参与网格巡查", "认领一个微心愿")


def _age(resident: Resident) -> int:
    born, on = resident.birth_date, REFERENCE_DATE
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _days(raw: bytes, offset: int, span: int) -> int:
    return int.from_bytes(raw[offset : offset + 2], "big") % span


def is_member(seed: int, n: int, resident: Resident) -> bool:
    """Whether the `n`-th resident is a party member: an adult, drawn at 7 %."""
    raw = digest(seed, "party-member", n)
    return _age(resident) >= 18 and int.from_bytes(raw[:2], "big") % 1000 < MEMBER_PER_MILLE


def members(city: City, partners: dict[uuid.UUID, list[uuid.UUID]]) -> Iterator[PartyMemberRecord]:
    street_of = {c.id: c.street_id for c in city.communities}
    group_of_grid = {g.id: g.resident_group_id for g in city.grid_units}
    count = 0
    for n, resident in enumerate(city.iter_residents()):
        if not is_member(city.seed, n, resident):
            continue
        raw = digest(city.seed, "party-member", n)
        age = _age(resident)
        # About a third serve in a stationed unit and report to the community they live in.
        units = partners[resident.community_id]
        in_service = raw[2] % 3 == 0 and 22 <= age <= 60 and bool(units)
        at_18 = resident.birth_date.replace(year=resident.birth_date.year + 18, day=1)
        joined = min(
            at_18 + timedelta(days=_days(raw, 4, max(1, (age - 18) * 365))), REFERENCE_DATE
        )
        yield PartyMemberRecord(
            id=derive_id(city.seed, "party-member", count),
            person_id=derive_id(city.seed, "person", count),
            resident=resident,
            street_id=street_of[resident.community_id],
            organisation_id=units[raw[3] % len(units)]
            if in_service
            else group_of_grid[resident.grid_unit_id],
            standing="probationary" if joined > REFERENCE_DATE - timedelta(days=365) else "formal",
            joined_on=joined,
            in_service=in_service,
        )
        count += 1


def report(seed: int, n: int, member: PartyMemberRecord) -> MemberReportRecord:
    raw = digest(seed, "member-report", n)
    pledges = tuple(
        (JOINT_AREAS[(raw[i] + i) % 6], _PLEDGES[raw[i + 3] % len(_PLEDGES)], 2 + raw[i + 6] % 7)
        for i in range(1 + raw[0] % 2)
    )
    reported_on = date(2024, 1, 1) + timedelta(days=_days(raw, 10, 180))
    return MemberReportRecord(derive_id(seed, "member-report", n), member, reported_on, pledges)


def committees(city: City) -> list[BigCommitteeRecord]:
    # Every third community has a big committee: ten of the thirty-one.
    chosen = city.communities[::3][:BIG_COMMITTEES]
    return [
        BigCommitteeRecord(
            derive_id(city.seed, "big-committee", n),
            c.id,
            c.street_id,
            f"{c.name}大党委",
            f"{c.code}-DDW",
        )
        for n, c in enumerate(chosen)
    ]


def seats(
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
            seats.append(
                SeatRecord(
                    id=derive_id(seed, "big-committee-seat", len(seats)),
                    committee=committee,
                    member=member,
                    unit_organisation_id=units[k % len(units)] if k and units else None,
                    role=("secretary", "deputy_secretary")[k] if k < 2 else "member",
                    employment="full_time" if k == 0 else "part_time",
                    term_start=start,
                    term_end=start.replace(year=start.year + 3) - timedelta(days=1),
                )
            )
    return seats


def sites(city: City, members: list[PartyMemberRecord]) -> list[SiteRecord]:
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
        sites.append(
            SiteRecord(
                id=derive_id(city.seed, "demonstration-site", n),
                kind="business" if business else "service_post",
                category=category,
                name=f"{home.name.removesuffix('社区')}党员示范{label}{n + 1}",
                holder=holder,
                commitment="亮身份、守承诺、优服务：明码标价，诚信经营，热情服务游客与居民",
                address=f"大理市{home.name}{ROADS[raw[1] % len(ROADS)]}{1 + raw[2] % 200}号",
                lon=round(lon + (raw[3] - 128) * 1e-6, 7),
                lat=round(lat + (raw[4] - 128) * 1e-6, 7),
                valid_from=date(2024, 1, 1),
                valid_until=date(2026, 12, 31),
            )
        )
    return sites
