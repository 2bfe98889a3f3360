"""Deterministic incidents for the demonstration city, in every workflow state.

Each grid unit gets a few incidents at the position of one of its buildings (so the
point lies inside the unit), cycling through the workflow's eleven end states so every
state shows up on every community's dashboard. Contents and ids derive from the seed;
times are relative to the `now` the loader passes, so a freshly loaded demo looks recent.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from weimin_democity.accounts import DEMO_NEIGHBOUR_USERNAME, demo_account_id
from weimin_democity.city import City
from weimin_democity.ids import derive_id, digest, unit
from weimin_democity.model import Building, Size
from weimin_events.vocabularies import CARE_TAGS, IncidentState

#: The actions that lead from "reported" to each state (the grid's workflow).
PATHS: dict[IncidentState, tuple[str, ...]] = {
    "reported": (),
    "accepted": ("accept",),
    "assigned": ("accept", "assign"),
    "in_progress": ("accept", "assign", "start"),
    "resolved": ("accept", "assign", "start", "resolve"),
    "verified": ("accept", "assign", "start", "resolve", "verify"),
    "closed": ("accept", "assign", "start", "resolve", "verify", "close"),
    "rejected": ("reject",),
    "duplicate": ("mark_duplicate",),
    "escalated": ("accept", "escalate"),
    "reopened": ("accept", "assign", "start", "resolve", "reopen"),
}
STATES = tuple(PATHS)
_TARGET: dict[str, IncidentState] = {
    "accept": "accepted",
    "assign": "assigned",
    "start": "in_progress",
    "resolve": "resolved",
    "verify": "verified",
    "close": "closed",
    "reject": "rejected",
    "mark_duplicate": "duplicate",
    "escalate": "escalated",
    "reopen": "reopened",
}

#: (category code, title, extra fields) — codes from the grid's category catalogue.
SAMPLES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("0101", "路口暴露垃圾", {"volume": "cart"}),
    ("0102", "污水井外溢", {}),
    ("0401", "楼道堆放杂物有火灾隐患", {"hazard": "fire", "people_at_risk": 30}),
    ("0501", "早市占道经营", {}),
    ("0502", "夜间装修噪声", {"at_night": True}),
    ("9101", "邻里漏水纠纷", {"parties": 2, "kind": "neighbour"}),
    ("9201", "沟渠排放生活污水", {"water_body": "channel", "visible_pollution": True}),
    ("9202", "洱海禁渔期违规捕捞", {}),
    ("9301", "老人申请助餐服务", {"topic": "助餐"}),
    ("9401", "出租屋新住人员未登记", {"persons": 3}),
    ("9501", "路灯不亮", {"facility": "streetlight"}),
)
PRIORITIES = ("urgent", "high", "normal", "normal", "low")
CHANNELS = ("app", "app", "phone_call", "walk_in", "partner")
INCIDENTS_PER_GRID_UNIT: dict[Size, int] = {"demo": 2, "city": 20}
STEP_HOURS = 3


@dataclass(frozen=True, slots=True)
class DemoStep:
    action: str
    from_state: str
    to_state: str
    level: str
    at: datetime


@dataclass(frozen=True, slots=True)
class DemoIncident:
    id: uuid.UUID
    grid_unit_id: uuid.UUID
    community_id: uuid.UUID
    building_id: uuid.UUID
    category_code: str
    priority: str
    title: str
    extra: dict[str, Any]
    channel: str
    anonymous: bool
    reporter_subject: str
    lon: float
    lat: float
    created_at: datetime
    state: str
    level: str
    steps: tuple[DemoStep, ...]
    duplicate_of_id: uuid.UUID | None
    satisfaction: int | None


def iter_incidents(city: City, now: datetime) -> Iterator[DemoIncident]:
    """Incidents grid unit by grid unit; the first of a unit is never a duplicate, so a
    duplicate always links to an incident of its own unit yielded before it."""
    per_unit = INCIDENTS_PER_GRID_UNIT[city.size]
    first_building: dict[uuid.UUID, Building] = {}
    for building in city.iter_buildings():
        first_building.setdefault(building.grid_unit_id, building)
    n = 0
    for unit_index, grid_unit in enumerate(city.grid_units):
        place = first_building.get(grid_unit.id)
        if place is None:
            continue
        first_id: uuid.UUID | None = None
        for k in range(per_unit):
            raw = digest(city.seed, "incident", n)
            state = STATES[(unit_index + k * 5) % len(STATES)]
            if state == "duplicate" and first_id is None:
                state = "reported"
            code, title, extra = SAMPLES[raw[0] % len(SAMPLES)]
            created = now - timedelta(days=1 + unit(raw, 1) * 29, hours=unit(raw, 3) * 12)
            steps, level = _steps(state, created)
            incident = DemoIncident(
                id=derive_id(city.seed, "incident", n),
                grid_unit_id=grid_unit.id,
                community_id=grid_unit.community_id,
                building_id=place.id,
                category_code=code,
                priority=PRIORITIES[raw[5] % len(PRIORITIES)],
                title=title,
                extra=dict(extra),
                channel=CHANNELS[raw[6] % len(CHANNELS)],
                anonymous=raw[7] % 5 == 0,
                reporter_subject=f"demo-resident-{raw[8] % 500}",
                lon=place.lon,
                lat=place.lat,
                created_at=created,
                state=state,
                level=level,
                steps=steps,
                duplicate_of_id=first_id if state == "duplicate" else None,
                satisfaction=3 + raw[9] % 3 if state == "closed" else None,
            )
            first_id = first_id or incident.id
            n += 1
            yield incident


def _steps(state: IncidentState, created: datetime) -> tuple[tuple[DemoStep, ...], str]:
    steps = []
    current, level = "reported", "grid"
    for k, action in enumerate(PATHS[state], start=1):
        target = _TARGET[action]
        if action == "escalate":
            level = "community"
        steps.append(
            DemoStep(action, current, target, level, created + timedelta(hours=k * STEP_HOURS))
        )
        current = target
    return tuple(steps), level


# Patrols, visits and joint-defence groups ------------------------------------------------

#: Residents scanned for care-tagged households to visit (keeps `city` size quick).
VISIT_SCAN_RESIDENTS = 20_000
GROUP_SIZE = 10


@dataclass(frozen=True, slots=True)
class DemoPatrol:
    id: uuid.UUID
    grid_unit_id: uuid.UUID
    community_id: uuid.UUID
    worker: str
    started_at: datetime
    ended_at: datetime
    check_ins: tuple[tuple[float, float, datetime], ...]  # lon, lat, at


@dataclass(frozen=True, slots=True)
class DemoVisit:
    id: uuid.UUID
    household_id: uuid.UUID
    grid_unit_id: uuid.UUID
    community_id: uuid.UUID
    kind: str
    visited_at: datetime


@dataclass(frozen=True, slots=True)
class DemoGroup:
    id: uuid.UUID
    grid_unit_id: uuid.UUID
    community_id: uuid.UUID
    name: str
    lead_household_id: uuid.UUID
    #: (household id, the account answering for it)
    members: tuple[tuple[uuid.UUID, str], ...]


def iter_patrols(city: City, now: datetime) -> Iterator[DemoPatrol]:
    """One finished patrol a day for the last three days in every grid unit, checking in
    at up to three of its buildings."""
    stops: dict[uuid.UUID, list[Building]] = {}
    for building in city.iter_buildings():
        places = stops.setdefault(building.grid_unit_id, [])
        if len(places) < 3:
            places.append(building)
    for grid_unit in city.grid_units:
        places = stops.get(grid_unit.id, [])
        for day in range(1, 4):
            raw = digest(city.seed, "patrol", f"{grid_unit.id}:{day}")
            started = now - timedelta(days=day, hours=unit(raw, 0) * 6)
            check_ins = tuple(
                (b.lon, b.lat, started + timedelta(minutes=20 * (k + 1)))
                for k, b in enumerate(places)
            )
            yield DemoPatrol(
                id=derive_id(city.seed, "patrol", f"{grid_unit.id}:{day}"),
                grid_unit_id=grid_unit.id,
                community_id=grid_unit.community_id,
                worker=f"demo-grid-worker-{grid_unit.code}",
                started_at=started,
                ended_at=started + timedelta(minutes=20 * (len(places) + 1)),
                check_ins=check_ins,
            )


def iter_visits(city: City, now: datetime) -> Iterator[DemoVisit]:
    """A last visit for most care-tagged households, 0–20 days ago (so some are overdue
    against the weekly rhythm and some are not); one household in seven was never visited."""
    seen: set[uuid.UUID] = set()
    for n, resident in enumerate(city.iter_residents()):
        if n >= VISIT_SCAN_RESIDENTS:
            break
        if resident.household_id in seen:
            continue
        if not set(resident.care_tags) & set(CARE_TAGS):
            continue
        seen.add(resident.household_id)
        raw = digest(city.seed, "visit", str(resident.household_id))
        if raw[0] % 7 == 0:
            continue
        yield DemoVisit(
            id=derive_id(city.seed, "visit", str(resident.household_id)),
            household_id=resident.household_id,
            grid_unit_id=resident.grid_unit_id,
            community_id=resident.community_id,
            kind="home" if raw[1] % 4 else "phone",
            visited_at=now - timedelta(days=raw[2] % 21, hours=raw[3] % 8),
        )


def iter_joint_defence_groups(city: City) -> Iterator[DemoGroup]:
    """One group per grid unit: the first (up to) ten households of its first building."""
    members: dict[uuid.UUID, list[uuid.UUID]] = {}
    building_of: dict[uuid.UUID, uuid.UUID] = {}
    for household in city.iter_households():
        first = building_of.setdefault(household.grid_unit_id, household.building_id)
        group = members.setdefault(household.grid_unit_id, [])
        if household.building_id == first and len(group) < GROUP_SIZE:
            group.append(household.id)
    # The second household of grid001's group answers with the demo account neighbour01
    # (grid001 covers the first grid unit of the first community).
    first_community = city.communities[0].id
    demo_unit = next(g.id for g in city.grid_units if g.community_id == first_community)
    neighbour = str(demo_account_id(city.seed, DEMO_NEIGHBOUR_USERNAME))
    for grid_unit in city.grid_units:
        households = members.get(grid_unit.id, [])
        if len(households) < 2:
            continue
        accounts = [f"demo-household-{h}" for h in households]
        if grid_unit.id == demo_unit:
            accounts[1] = neighbour
        yield DemoGroup(
            id=derive_id(city.seed, "joint-defence-group", str(grid_unit.id)),
            grid_unit_id=grid_unit.id,
            community_id=grid_unit.community_id,
            name=f"{grid_unit.name}十户联防组",
            lead_household_id=households[0],
            members=tuple(zip(households, accounts, strict=True)),
        )
