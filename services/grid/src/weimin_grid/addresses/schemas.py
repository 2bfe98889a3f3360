import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from weimin_kit.text import HumanText

#: Upper case letters, digits and hyphens: the public-security system's codes and ours.
Code = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z][0-9A-Z-]{5,39}$")]
Place = Annotated[str, HumanText(max_length=30)]
Road = Annotated[str, HumanText(max_length=40)]
Part = Annotated[str, HumanText(max_length=20)]
#: At most this many rows in one import or match request.
MAX_ROWS = 1_000


class AddressFields(BaseModel):
    """Province down to community name the administrative place; road and number the door
    plate; building for a building's address; unit, floor and room for a home's."""

    province: Place
    city: Place
    county: Place
    town: Place
    community: Place
    road: Road
    number: Part
    building: Part | None = None
    unit: Part | None = None
    floor: Part | None = None
    room: Part | None = None


class AddressRow(AddressFields):
    """One row of an address list. `code` is how the list's owner knows the address;
    `grid_unit_code` places a new address in a grid unit (not needed to match one)."""

    model_config = ConfigDict(extra="forbid")

    code: Code | None = None
    grid_unit_code: Annotated[str, StringConstraints(min_length=1, max_length=32)] | None = None


class AddressImport(BaseModel):
    # Rows are read one by one, so one bad row is reported and the others still count.
    rows: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_ROWS)
    #: Only say what would happen (the "match" of a list against ours): nothing is written.
    dry_run: bool = False


RowOutcome = Literal["created", "updated", "unchanged", "matched", "conflict", "rejected"]


class RowIssue(BaseModel):
    field: str
    reason: str


class RowResult(BaseModel):
    """created: a new address; updated: a known code whose fields changed; unchanged: a
    known code, same fields; matched: no code given, the fields name a known address;
    conflict: the fields name a known address under another code, or the code is outside
    your area (nothing written); rejected: the row is not valid (nothing written)."""

    row: int
    outcome: RowOutcome
    #: code: matched by its code; fields: by the normalised fields.
    matched_by: Literal["code", "fields"] | None = None
    address_id: uuid.UUID | None = None
    code: str | None = None
    issues: list[RowIssue] = Field(default_factory=list)


class AddressImportResult(BaseModel):
    dry_run: bool
    counts: dict[RowOutcome, int]
    results: list[RowResult]


class StandardAddressRead(AddressFields):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    grid_unit_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    full_text: str
    #: building: down to the building; home: down to the room.
    level: Literal["building", "home"]


class AddressLink(BaseModel):
    standard_address_id: uuid.UUID


class AddressMerge(BaseModel):
    #: The address that stays.
    into: uuid.UUID
