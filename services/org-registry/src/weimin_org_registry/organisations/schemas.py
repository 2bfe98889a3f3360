import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

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
    street_id: uuid.UUID | None
    community_id: uuid.UUID | None
    level: str | None
    category: str | None
    sector: str | None
    status: str
    created_at: datetime
    updated_at: datetime

    model_config = ConfigDict(from_attributes=True)


class OrganisationDetail(OrganisationRead):
    #: For stationed units and two-new organisations: the communities they co-build with.
    co_building_community_ids: list[uuid.UUID]
