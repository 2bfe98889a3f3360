import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Amount = Annotated[int, Field(ge=0, le=10_000_000_000)]


class GuaranteeWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    staff_count: Annotated[int, Field(ge=0, le=10_000)]
    party_building_fund: Amount
    work_funds: Amount
    venue_area_m2: Annotated[int, Field(ge=0, le=1_000_000)]
    staff_allowance_monthly: Annotated[int, Field(ge=0, le=1_000_000)]
    secretary_allowance_monthly: Annotated[int, Field(ge=0, le=1_000_000)]


class GuaranteeRead(GuaranteeWrite):
    id: uuid.UUID
    community_id: uuid.UUID
    street_id: uuid.UUID
    year: int
    updated_at: datetime

    model_config = ConfigDict(from_attributes=True)


class Minimums(BaseModel):
    staff_count: int
    party_building_fund: int
    work_funds: int
    venue_area_m2: int
    staff_allowance_monthly: int
    staff_allowance_monthly_max: int
    secretary_allowance_monthly: int


class Shortfall(BaseModel):
    field: str
    problem: Literal["not_recorded", "below_minimum", "above_maximum"]
    required: int | None
    actual: int | None


class CommunityCompliance(BaseModel):
    community_id: uuid.UUID
    community_name: str
    compliant: bool
    shortfalls: list[Shortfall]


class ComplianceReport(BaseModel):
    year: int
    minimums: Minimums
    communities: int
    compliant: int
    rows: list[CommunityCompliance]
