"""Micro-wishes for the demonstration wall, shaped like the source case: 465 wishes claimed
(claimed, fulfilled or confirmed) of which 379 fulfilled (81.5 %), plus wishes in every
other state. Beneficiaries are real residents of the generated city (the oldest member of
households spread evenly over the city); claimers are party members, volunteers,
co-building organisations (the city's stationed organisations) and neighbours.

Deterministic: the same city gives the same wishes, id for id. Times are offsets from an
`anchor` (the loader passes "now") so live claims are never past their deadline on load.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from weimin_democity.city import City
from weimin_democity.ids import derive_id, digest
from weimin_democity.model import Resident
from weimin_democity.names import GIVEN_FEMALE, GIVEN_MALE, SURNAMES
from weimin_democity.people import ResidentFactory
from weimin_democity.population import first_resident_of, household_block
from weimin_events.vocabularies import ClaimerType

#: How many wishes end in each state; claimed + fulfilled + confirmed = 465, of which
#: fulfilled + confirmed = 379.
STATE_PLAN: tuple[tuple[str, int], ...] = (
    ("confirmed", 301),
    ("fulfilled", 78),
    ("claimed", 86),
    ("claim_pending", 6),
    ("open", 64),
    ("submitted", 18),
    ("rejected", 11),
    ("cancelled", 9),
)
TOTAL_WISHES = sum(count for _, count in STATE_PLAN)
CLAIMED_STATES = frozenset({"claimed", "fulfilled", "confirmed"})
FULFILLED_STATES = frozenset({"fulfilled", "confirmed"})
DEFAULT_ANCHOR = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
CLAIM_DEADLINE = timedelta(days=14)

# (title, description, category, estimated value in yuan)
_TEMPLATES = (
    ("想要一台收音机", "独居在家，想听新闻和花灯戏", "material", 120),
    ("需要一副老花镜", "看不清药盒上的字，想配一副老花镜", "material", 60),
    ("想要一床厚棉被", "冬天屋里冷，旧被子已经不暖和了", "material", 200),
    ("需要一个助行器", "腿脚不便，出门买菜需要助行器", "material", 260),
    ("想要一个电饭煲", "旧电饭煲坏了，做饭不方便", "material", 180),
    ("想要一件冬天的棉衣", "入冬了还没有厚衣服", "material", 160),
    ("想给孙子买一套课外书", "孙子爱看书，家里条件有限", "material", 150),
    ("需要一个血压计", "高血压需要每天量血压", "material", 190),
    ("希望有人陪着聊聊天", "子女在外地工作，平时没人说话", "companionship", 0),
    ("想请人帮忙读读报纸", "眼睛不好，想知道社区里的新鲜事", "companionship", 0),
    ("希望有人陪同去医院复查", "一个人去医院挂号取药不方便", "companionship", 0),
    ("想学用智能手机和孩子视频", "想看看在外地的孩子", "companionship", 0),
    ("希望有人上门帮忙理发", "行动不便，很久没理发了", "companionship", 0),
    ("想去洱海边走一走", "很多年没出过门了，想看看洱海", "companionship", 0),
)
_THANKS = (
    "谢谢你们，好人一生平安",
    "太感谢了，心里暖暖的",
    "谢谢党和政府的关心",
    "孩子们有心了，谢谢",
    "非常满意，谢谢志愿者",
)
_MEMBERS = 150
_VOLUNTEERS = 200
_NEIGHBOURS = 60


@dataclass(frozen=True, slots=True)
class DemoClaim:
    claimer_id: uuid.UUID
    claimer_type: ClaimerType
    claimer_name: str
    organisation_id: uuid.UUID | None
    claimed_at: datetime


@dataclass(frozen=True, slots=True)
class DemoWish:
    id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID
    grid_label: str
    title: str
    description: str
    category: str
    urgency: str
    estimated_value_yuan: int
    beneficiary: Resident
    claim_rule: str
    claim_approval: str
    state: str
    submitted_at: datetime
    reviewed_at: datetime | None
    published_at: datetime | None
    rejection_reason: str | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    claim: DemoClaim | None
    fulfilled_at: datetime | None
    confirmed_at: datetime | None
    thanks_message: str | None
    rating: int | None


def _beneficiaries(city: City, count: int) -> list[Resident]:
    """The oldest member of `count` households spread evenly over the city."""
    total = sum(city.plan.households_per_building)
    stride = total // count
    factory = ResidentFactory(city.seed)
    chosen: list[Resident] = []
    for k, household in enumerate(city.iter_households()):
        if k % stride != stride // 2 or len(chosen) == count:
            continue
        size = household_block(city.seed, k // 4)[k % 4]
        members = factory.household(household, k, first_resident_of(city.seed, k), size)
        chosen.append(min(members, key=lambda r: (r.birth_date, str(r.id))))
    return chosen


def _person_name(raw: bytes) -> str:
    surnames = SURNAMES["白族"] + SURNAMES["汉族"]
    given = GIVEN_MALE if raw[0] & 1 else GIVEN_FEMALE
    return (
        surnames[raw[1] % len(surnames)] + given[raw[2] % len(given)] + given[raw[3] % len(given)]
    )


def _claimer(city: City, rule: str, raw: bytes, claimed_at: datetime) -> DemoClaim:
    draw = raw[10] % 100
    kind: ClaimerType
    if rule == "members":
        kind = "member"
    elif rule == "volunteers":
        kind = "volunteer"
    elif rule == "organisations":
        kind = "organisation"
    else:
        kind = (
            "member"
            if draw < 45
            else "volunteer"
            if draw < 85
            else "organisation"
            if draw < 95
            else "resident"
        )
    if kind == "organisation":
        organisation = city.stationed_organisations[raw[11] * 7 % len(city.stationed_organisations)]
        member = derive_id(city.seed, "wish-member", raw[12] % _MEMBERS)
        return DemoClaim(member, kind, organisation.name, organisation.id, claimed_at)
    pool = {"member": _MEMBERS, "volunteer": _VOLUNTEERS, "resident": _NEIGHBOURS}[kind]
    number = int.from_bytes(raw[11:13], "big") % pool
    person = digest(city.seed, f"wish-{kind}", number)
    return DemoClaim(
        derive_id(city.seed, f"wish-{kind}", number), kind, _person_name(person), None, claimed_at
    )


def _hours(raw: bytes, offset: int, low: float, high: float) -> timedelta:
    fraction = int.from_bytes(raw[offset : offset + 2], "big") / 65536
    return timedelta(hours=low + (high - low) * fraction)


def generate_wishes(city: City, anchor: datetime = DEFAULT_ANCHOR) -> list[DemoWish]:
    planned = [state for state, count in STATE_PLAN for _ in range(count)]
    # Shuffled by hashed keys, so states are mixed over the city but always the same way.
    order = sorted(range(len(planned)), key=lambda i: digest(city.seed, "wish-order", i))
    states = [planned[i] for i in order]
    street_of = {c.id: c.street_id for c in city.communities}
    units = {u.id: u for u in city.grid_units}
    wishes = []
    for n, (state, person) in enumerate(
        zip(states, _beneficiaries(city, TOTAL_WISHES), strict=True)
    ):
        raw = digest(city.seed, "wish", n)
        title, description, category, value = _TEMPLATES[raw[0] % len(_TEMPLATES)]
        rule = (
            "anyone"
            if raw[2] < 154
            else "members"
            if raw[2] < 205
            else "volunteers"
            if raw[2] < 236
            else "organisations"
        )
        approval = "community" if state == "claim_pending" or raw[3] < 20 else "automatic"
        # Work backwards from the anchor so every timestamp is in order and in the past.
        if state in ("submitted",):
            submitted = anchor - _hours(raw, 4, 1, 72)
        elif state in ("claimed", "claim_pending", "open"):
            submitted = anchor - _hours(raw, 4, 24 * 12, 24 * 60)
        else:
            submitted = anchor - _hours(raw, 4, 24 * 30, 24 * 170)
        reviewed = None if state == "submitted" else submitted + _hours(raw, 6, 2, 30)
        published = reviewed if state not in ("submitted", "rejected") else None
        claim = None
        fulfilled = confirmed = None
        if state in ("claimed", "claim_pending"):
            # Claimed within the last ten days: the deadline (14 days) is still ahead.
            claim = _claimer(city, rule, raw, anchor - _hours(raw, 8, 1, 24 * 10))
        elif state in FULFILLED_STATES:
            assert published is not None
            claimed_at = published + _hours(raw, 8, 1, 24 * 5)
            claim = _claimer(city, rule, raw, claimed_at)
            fulfilled = claimed_at + _hours(raw, 13, 4, 24 * 10)
            if state == "confirmed":
                confirmed = fulfilled + _hours(raw, 15, 1, 48)
        grid = units[person.grid_unit_id]
        wishes.append(
            DemoWish(
                id=derive_id(city.seed, "wish", n),
                street_id=street_of[grid.community_id],
                community_id=grid.community_id,
                grid_unit_id=grid.id,
                grid_label=grid.name,
                title=title,
                description=description,
                category=category,
                urgency=("low", "normal", "normal", "normal", "high")[raw[1] % 5],
                estimated_value_yuan=value,
                beneficiary=person,
                claim_rule=rule,
                claim_approval=approval,
                state=state,
                submitted_at=submitted,
                reviewed_at=reviewed,
                published_at=published,
                rejection_reason="已纳入民政救助，无需重复申请" if state == "rejected" else None,
                cancelled_at=submitted + timedelta(days=3) if state == "cancelled" else None,
                cancel_reason="受助人已搬离本社区" if state == "cancelled" else None,
                claim=claim,
                fulfilled_at=fulfilled,
                confirmed_at=confirmed,
                thanks_message=_THANKS[raw[17] % len(_THANKS)] if confirmed else None,
                rating=(5, 5, 5, 4, 4)[raw[18] % 5] if confirmed else None,
            )
        )
    return wishes


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
