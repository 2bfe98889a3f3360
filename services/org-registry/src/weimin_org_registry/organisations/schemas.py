import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from weimin_kit.text import HumanText

OrganisationKind = Literal[
    "street_committee",
    "community_branch",
    "resident_group_branch",
    "joint_branch",
    "functional_branch",
    "mobile_member_branch",
    "big_committee",
    "stationed_unit",
    "two_new_organisation",
]


class OrganisationSummary(BaseModel):
    streets: int
    communities: int
    resident_groups: int
    stationed_organisations: int


class OrganisationRead(BaseModel):
    id: uuid.UUID
    kind: str
    name: str
    code: str
    division_code: str | None
    parent_id: uuid.UUID | None
    path: str
    depth: int
    street_id: uuid.UUID | None
    community_id: uuid.UUID | None
    level: str | None
    category: str | None
    sector: str | None
    status: str
    dissolved_at: datetime | None
    created_at: datetime
    updated_at: datetime

    model_config = ConfigDict(from_attributes=True)


class OrganisationDetail(OrganisationRead):
    #: For stationed units and two-new organisations: the communities they co-build with.
    co_building_community_ids: list[uuid.UUID]


Name = Annotated[str, HumanText(max_length=200)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
DivisionCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}([0-9]{3}([0-9]{3})?)?$")]
Reason = Annotated[str, HumanText(max_length=500, min_visible=2)]


class OrganisationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: OrganisationKind
    name: Name
    code: Code
    division_code: DivisionCode | None = None
    parent_id: uuid.UUID | None = None
    level: Literal["prefecture", "city", "other"] | None = None
    category: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    sector: Annotated[str, Field(min_length=1, max_length=32)] | None = None


class OrganisationUpdate(BaseModel):
    """Renaming and re-coding; the place in the tree changes only through a move."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    code: Code | None = None
    division_code: DivisionCode | None = None
    sector: Annotated[str, Field(min_length=1, max_length=32)] | None = None


class OrganisationMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parent_id: uuid.UUID


class OrganisationDissolve(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


class SubtreeCounts(BaseModel):
    organisation_id: uuid.UUID
    #: Active organisations in the subtree, the root included.
    total: int
    by_kind: dict[str, int]
    #: Keyed by depth in the whole tree (a street is 1, its communities 2 …).
    by_depth: dict[str, int]


class OrganisationChangeRead(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str | None
    actor: str
    at: datetime

    model_config = ConfigDict(from_attributes=True)
