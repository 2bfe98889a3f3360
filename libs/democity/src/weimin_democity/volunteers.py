"""Volunteers, teams and service stations: 517 teams, a few thousand volunteers at `demo`
size and 50,678 at `city` size, drawn from adult residents (the volunteer's person id is
the resident's id), each living in their grid unit, with skills, certificates, weekly
availability and opening balances of service hours; one service station per community
with a catalogue of Open311-style service items.

Everything derives from the city and ``digest(seed, kind, n)``: the same size and seed
give the same records with the same ids. The demo account ``volunteer01`` (org-registry)
is volunteer number 0, found by `demo_account_id(seed, "volunteer01")`.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from weimin_democity.accounts import demo_account_id
from weimin_democity.city import City
from weimin_democity.ids import derive_id, digest, unit
from weimin_democity.model import Size
from weimin_democity.people import REFERENCE_DATE
from weimin_democity.population import allocate

TEAMS = 517
VOLUNTEERS: dict[Size, int] = {"demo": 3_000, "city": 50_678}
DEMO_VOLUNTEER_USERNAME = "volunteer01"

# (code, name, needs a certificate)
SKILLS: tuple[tuple[str, str, bool], ...] = (
    ("first_aid", "应急救护", True),
    ("nursing", "护理", True),
    ("electrician", "电工", True),
    ("counselling", "心理疏导", True),
    ("legal_advice", "法律咨询", True),
    ("driving", "驾驶", True),
    ("plumbing", "水电维修", False),
    ("appliance_repair", "家电维修", False),
    ("cleaning", "环境清洁", False),
    ("lake_patrol", "洱海巡护", False),
    ("elderly_care", "助老服务", False),
    ("tutoring", "课业辅导", False),
    ("translation", "翻译", False),
    ("photography", "摄影", False),
    ("cooking", "烹饪", False),
    ("haircut", "义剪", False),
    ("persuasion", "文明劝导", False),
    ("sign_language", "手语", False),
)
# (focus, name, skills a member of such a team tends to have)
FOCI: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("lake_protection", "洱海保护", ("lake_patrol", "cleaning", "photography")),
    ("sanitation", "环境卫生", ("cleaning", "persuasion")),
    ("civility_persuasion", "文明劝导", ("persuasion", "translation", "sign_language")),
    ("medical", "医疗救护", ("first_aid", "nursing", "driving")),
    ("appliance_repair", "家电维修", ("appliance_repair", "electrician", "plumbing")),
    ("counselling", "心理疏导", ("counselling", "legal_advice")),
    ("elderly_care", "助老", ("elderly_care", "cooking", "haircut", "nursing")),
    ("safety_patrol", "平安巡逻", ("persuasion", "first_aid", "driving")),
    ("education", "助学", ("tutoring", "translation")),
    ("culture", "文化", ("photography", "translation")),
)
_CERTIFIERS = {
    "first_aid": "中国红十字会",
    "nursing": "卫生健康委员会",
    "electrician": "应急管理局",
    "counselling": "人力资源和社会保障局",
    "legal_advice": "司法局",
    "driving": "公安交通管理局",
}
_SHIFTS = (("08:00", "12:00"), ("14:00", "18:00"), ("18:30", "21:00"), ("09:00", "17:00"))

# (code, name, category, typed request fields)
SERVICE_ITEMS: tuple[tuple[str, str, str, tuple[dict[str, Any], ...]], ...] = (
    (
        "civil_affairs_certificate",
        "民政证明开具",
        "civil_affairs",
        (
            {
                "code": "certificate_kind",
                "description": "证明类型",
                "datatype": "singlevaluelist",
                "required": True,
                "values": ["低保证明", "残疾证明", "高龄津贴证明"],
            },
            {"code": "note", "description": "备注", "datatype": "text", "required": False},
        ),
    ),
    (
        "family_planning",
        "计生服务",
        "family_planning",
        (
            {
                "code": "service",
                "description": "办理事项",
                "datatype": "singlevaluelist",
                "required": True,
                "values": ["生育登记", "政策咨询"],
            },
        ),
    ),
    (
        "parcel_collection",
        "快递代收",
        "parcels",
        (
            {
                "code": "tracking_number",
                "description": "快递单号",
                "datatype": "string",
                "required": True,
            },
            {
                "code": "pickup_date",
                "description": "取件时间",
                "datatype": "datetime",
                "required": False,
            },
        ),
    ),
    (
        "housekeeping",
        "家政服务",
        "housekeeping",
        (
            {"code": "hours", "description": "服务小时数", "datatype": "number", "required": True},
            {"code": "address", "description": "上门地址", "datatype": "string", "required": True},
        ),
    ),
    (
        "appliance_repair",
        "家电维修",
        "repairs",
        (
            {
                "code": "appliance",
                "description": "电器",
                "datatype": "singlevaluelist",
                "required": True,
                "values": ["洗衣机", "冰箱", "电视机", "热水器", "其他"],
            },
            {"code": "symptom", "description": "故障描述", "datatype": "text", "required": True},
            {"code": "address", "description": "上门地址", "datatype": "string", "required": True},
        ),
    ),
    (
        "tool_rental",
        "工具租借",
        "rentals",
        (
            {
                "code": "tool",
                "description": "工具",
                "datatype": "singlevaluelist",
                "required": True,
                "values": ["梯子", "电钻", "轮椅", "雨伞"],
            },
            {"code": "days", "description": "借用天数", "datatype": "number", "required": True},
        ),
    ),
    (
        "elderly_meal",
        "老年助餐",
        "elderly",
        ({"code": "meals", "description": "用餐份数", "datatype": "number", "required": True},),
    ),
)


@dataclass(frozen=True, slots=True)
class DemoSkill:
    id: uuid.UUID
    code: str
    name: str
    requires_certificate: bool


@dataclass(frozen=True, slots=True)
class DemoCertificate:
    id: uuid.UUID
    skill_code: str
    number: str
    issuer: str
    issued_on: date
    expires_on: date | None


@dataclass(frozen=True, slots=True)
class DemoVolunteer:
    id: uuid.UUID
    person_id: uuid.UUID
    account_id: uuid.UUID | None
    display_name: str
    street_id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID
    home_lon: float
    home_lat: float
    skill_codes: tuple[str, ...]
    certificates: tuple[DemoCertificate, ...]
    #: (weekday Monday 0, "HH:MM", "HH:MM"), Asia/Shanghai.
    weekly: tuple[tuple[int, str, str], ...]
    alert_consent: bool
    #: Service hours earned before the platform, as an opening ledger entry.
    opening_minutes: int


@dataclass(frozen=True, slots=True)
class DemoTeam:
    id: uuid.UUID
    name: str
    focus: str
    sponsor_organisation_id: uuid.UUID | None
    leader_id: uuid.UUID
    join_mode: str
    street_id: uuid.UUID
    community_id: uuid.UUID
    member_ids: tuple[uuid.UUID, ...]


@dataclass(frozen=True, slots=True)
class DemoServiceItem:
    id: uuid.UUID
    code: str
    name: str
    category: str
    fields: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class DemoStation:
    id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    name: str
    lon: float
    lat: float
    #: (weekday, "HH:MM", "HH:MM")
    opening_hours: tuple[tuple[int, str, str], ...]
    item_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VolunteerWorld:
    skills: list[DemoSkill]
    volunteers: list[DemoVolunteer]
    teams: list[DemoTeam]
    service_items: list[DemoServiceItem]
    stations: list[DemoStation]


@dataclass(frozen=True, slots=True)
class _Candidate:
    person_id: uuid.UUID
    name: str
    grid_unit_id: uuid.UUID
    community_id: uuid.UUID


def _candidates(city: City, wanted: int) -> list[_Candidate]:
    """Adults of 18-70, every `stride`-th so the list stays small, then `wanted` of them
    spread evenly over the whole city (residents stream grid unit by grid unit)."""
    stride = max(1, city.counts().residents // (wanted * 12))
    pool: list[_Candidate] = []
    adults = 0
    for resident in city.iter_residents():
        age = (REFERENCE_DATE - resident.birth_date).days // 365
        if not 18 <= age <= 70:
            continue
        adults += 1
        if adults % stride == 0:
            pool.append(
                _Candidate(resident.id, resident.name, resident.grid_unit_id, resident.community_id)
            )
    if len(pool) < wanted:
        raise ValueError(f"only {len(pool)} adult candidates for {wanted} volunteers")
    return [pool[k * len(pool) // wanted] for k in range(wanted)]


def _skills_for(raw: bytes, focus_skills: Sequence[str]) -> tuple[str, ...]:
    chosen = {focus_skills[raw[16] % len(focus_skills)]}
    if raw[17] < 128:
        chosen.add(SKILLS[raw[18] % len(SKILLS)][0])
    return tuple(sorted(chosen))


def _certificates(
    seed: int, n: int, skills: Sequence[str], raw: bytes
) -> tuple[DemoCertificate, ...]:
    certified = [code for code in skills if code in _CERTIFIERS]
    certificates = []
    for k, code in enumerate(certified):
        issued = REFERENCE_DATE - timedelta(days=30 + raw[19 + k] * 4)
        certificates.append(
            DemoCertificate(
                id=derive_id(seed, "volunteer-certificate", f"{n}:{code}"),
                skill_code=code,
                number=f"ZS{n:06d}{k}",
                issuer=_CERTIFIERS[code],
                issued_on=issued,
                # Three to five years: some have lapsed by now, as in life.
                expires_on=issued + timedelta(days=(3 + raw[25 + k] % 3) * 365),
            )
        )
    return tuple(certificates)


def generate_volunteers(city: City) -> VolunteerWorld:
    seed = city.seed
    street_of = {c.id: c.street_id for c in city.communities}
    centroid = {g.id: g.centroid for g in city.grid_units}
    communities = city.communities
    teams_per_community = allocate(TEAMS, [1] * len(communities))
    sponsors: dict[uuid.UUID, list[uuid.UUID]] = {c.id: [] for c in communities}
    for organisation in city.stationed_organisations:
        for community_id in organisation.community_ids:
            sponsors[community_id].append(organisation.id)
    team_slots: dict[uuid.UUID, list[tuple[int, str]]] = {}
    number = 0
    for community, count in zip(communities, teams_per_community, strict=True):
        team_slots[community.id] = []
        for _ in range(count):
            focus = FOCI[digest(seed, "volunteer-team", number)[0] % len(FOCI)][0]
            team_slots[community.id].append((number, focus))
            number += 1
    focus_skills = {code: skills for code, _, skills in FOCI}

    volunteers: list[DemoVolunteer] = []
    members: dict[int, list[uuid.UUID]] = {n: [] for n in range(TEAMS)}
    seen_in: dict[uuid.UUID, int] = {}
    chosen = _candidates(city, VOLUNTEERS[city.size])
    first_community = communities[0].id
    # volunteer01 lives in the first community, where the demo account is placed.
    chosen.sort(key=lambda c: c.community_id != first_community)
    for n, candidate in enumerate(chosen):
        raw = digest(seed, "volunteer", n)
        community_id = candidate.community_id
        slots = team_slots[community_id]
        k = seen_in.get(community_id, 0)
        seen_in[community_id] = k + 1
        team_number, focus = slots[k % len(slots)]
        members[team_number].append(derive_id(seed, "volunteer", n))
        skills = _skills_for(raw, focus_skills[focus])
        lon, lat = centroid[candidate.grid_unit_id]
        weekly = tuple(
            (day, *_SHIFTS[(raw[3] + day) % len(_SHIFTS)])
            for day in range(7)
            if (raw[2] >> day) & 1
        )
        volunteers.append(
            DemoVolunteer(
                id=derive_id(seed, "volunteer", n),
                person_id=candidate.person_id,
                account_id=demo_account_id(seed, DEMO_VOLUNTEER_USERNAME) if n == 0 else None,
                display_name=candidate.name,
                street_id=street_of[community_id],
                community_id=community_id,
                grid_unit_id=candidate.grid_unit_id,
                # Coarse (~100 m) like every home location the service keeps.
                home_lon=round(lon + (unit(raw, 4) - 0.5) * 0.002, 3),
                home_lat=round(lat + (unit(raw, 6) - 0.5) * 0.002, 3),
                skill_codes=skills,
                certificates=_certificates(seed, n, skills, raw),
                weekly=weekly,
                alert_consent=raw[8] < 160,
                opening_minutes=(raw[9] * 256 + raw[10]) % (400 * 60),
            )
        )

    teams = []
    for community in communities:
        pool = sponsors[community.id]
        for team_number, focus in team_slots[community.id]:
            raw = digest(seed, "volunteer-team", team_number)
            crew = members[team_number]
            focus_name = next(name for code, name, _ in FOCI if code == focus)
            teams.append(
                DemoTeam(
                    id=derive_id(seed, "volunteer-team", team_number),
                    name=f"{community.name}{focus_name}志愿服务队{team_number + 1}",
                    focus=focus,
                    sponsor_organisation_id=pool[raw[1] % len(pool)] if pool else None,
                    leader_id=crew[0],
                    join_mode=("open", "open", "approval", "invitation")[raw[2] % 4],
                    street_id=community.street_id,
                    community_id=community.id,
                    member_ids=tuple(crew),
                )
            )
    items = [
        DemoServiceItem(derive_id(seed, "service-item", code), code, name, category, fields)
        for code, name, category, fields in SERVICE_ITEMS
    ]
    stations = []
    for c, community in enumerate(communities):
        raw = digest(seed, "service-station", c)
        first_grid = next(g for g in city.grid_units if g.community_id == community.id)
        offered = tuple(
            code for k, (code, *_) in enumerate(SERVICE_ITEMS) if k < 3 or (raw[0] >> k) & 1
        )
        stations.append(
            DemoStation(
                id=derive_id(seed, "service-station", c),
                street_id=community.street_id,
                community_id=community.id,
                name=f"{community.name}党群服务站",
                lon=round(first_grid.centroid[0], 5),
                lat=round(first_grid.centroid[1], 5),
                opening_hours=tuple(
                    (day, start, end)
                    for day in range(6)
                    for start, end in (("08:30", "12:00"), ("14:30", "18:00"))
                    if day < 5 or start == "08:30"
                ),
                item_codes=offered,
            )
        )
    catalogue = [
        DemoSkill(derive_id(seed, "skill", code), code, name, certified)
        for code, name, certified in SKILLS
    ]
    return VolunteerWorld(catalogue, volunteers, teams, items, stations)
