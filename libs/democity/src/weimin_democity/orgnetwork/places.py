"""What happens in the communities: joint meetings and their tasks, co-building
agreements and the yearly resource guarantees."""

import uuid
from datetime import date, timedelta

from weimin_democity.city import City
from weimin_democity.ids import derive_id, digest
from weimin_democity.orgnetwork.records import (
    JOINT_AREAS,
    AgreementRecord,
    GuaranteeRecord,
    MeetingRecord,
    TaskRecord,
)
from weimin_democity.people import REFERENCE_DATE

GUARANTEE_YEARS = (2023, 2024)
_TASKS = {
    "thought_work": "开展党史学习宣讲",
    "public_order": "组织夜间治安巡逻",
    "public_welfare": "走访慰问困难群众",
    "environment": "清理洱海沿岸垃圾",
    "culture_sport": "举办社区文艺汇演",
    "economy": "对接就业岗位招聘",
}


def meetings(city: City, partners: dict[uuid.UUID, list[uuid.UUID]]) -> list[MeetingRecord]:
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
                tasks.append(
                    TaskRecord(
                        id=derive_id(city.seed, "joint-task", 3 * n + k),
                        area=area,
                        title=_TASKS[area],
                        owner_organisation_id=attendees[k % len(attendees)],
                        due_on=due,
                        status="done" if done else ("in_progress" if k else "open"),
                        completed_on=due - timedelta(days=raw[k + 7] % 10) if done else None,
                    )
                )
            meetings.append(
                MeetingRecord(
                    id=derive_id(city.seed, "joint-meeting", n),
                    street_id=street_id,
                    community_id=community_id,
                    title=f"{name}{held_on.year}年{held_on.month}月联席会议",
                    held_on=held_on,
                    minutes=f"{name}召开共驻共建联席会议，议定{len(tasks)}项任务。",
                    attendee_unit_ids=tuple(attendees),
                    tasks=tuple(tasks),
                )
            )
    return meetings


def agreements(city: City) -> list[AgreementRecord]:
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
            agreements.append(
                AgreementRecord(
                    derive_id(city.seed, "co-building-agreement", n),
                    organisation.id,
                    community_id,
                    tuple(contributions),
                    starts_on=date(2023, 1, 1),
                    ends_on=date(2025, 12, 31),
                )
            )
    return agreements


def guarantees(city: City) -> list[GuaranteeRecord]:
    guarantees: list[GuaranteeRecord] = []
    for c, community in enumerate(city.communities):
        for year in GUARANTEE_YEARS:
            n = len(guarantees)
            raw = digest(city.seed, "resource-guarantee", n)
            # Most communities meet the minimums; a few fall short on one or two counts.
            short = raw[0] % 5 == 0
            guarantees.append(
                GuaranteeRecord(
                    id=derive_id(city.seed, "resource-guarantee", n),
                    community_id=community.id,
                    year=year,
                    staff_count=(9 if short else 12) + raw[1] % 4,
                    party_building_fund=50_000,
                    work_funds=(150_000 if short and raw[2] % 2 else 195_000)
                    + 1_000 * (raw[3] % 20),
                    venue_area_m2=300 + raw[4] % 400,
                    staff_allowance_monthly=3_600 + 50 * (raw[5] % 11),
                    secretary_allowance_monthly=(400 if short and c % 2 else 500)
                    + 10 * (raw[6] % 10),
                )
            )
    return guarantees
