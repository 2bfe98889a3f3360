"""The organisation network's records: plain frozen dataclasses, no behaviour."""

import uuid
from dataclasses import dataclass
from datetime import date

from weimin_democity.model import Resident

JOINT_AREAS = (
    "thought_work",
    "public_order",
    "public_welfare",
    "environment",
    "culture_sport",
    "economy",
)


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
class BranchRecord:
    """A party branch under a community that is not a resident-group branch."""

    id: uuid.UUID
    kind: str
    street_id: uuid.UUID
    community_id: uuid.UUID
    name: str
    code: str


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
    #: Functional, joint and mobile-member branches under communities (city size only).
    branches: list[BranchRecord]
