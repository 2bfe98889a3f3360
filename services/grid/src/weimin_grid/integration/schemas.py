import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from weimin_grid.incidents.schemas import Note
from weimin_grid.registry.schemas import Label, Name, Registration
from weimin_grid.webhooks.vocabulary import ExchangeState
from weimin_kit.text import HumanText

#: The partner's own id of a record: what the id map keys it by.
PartnerRef = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z._:-]{0,63}$")]
MAX_RECORDS = 1_000


class PersonRecord(BaseModel):
    """One person of the actual population, where they live given by the standard address
    code of their home. Gender and birth date come from the identity number."""

    model_config = ConfigDict(extra="forbid")

    partner_ref: PartnerRef
    name: Name
    id_card_number: str = Field(max_length=32)
    phone: str | None = Field(default=None, max_length=32)
    ethnicity: Label
    registration: Registration
    relation_to_head: Label
    address_code: str = Field(min_length=1, max_length=40)


class IncidentUpdateRecord(BaseModel):
    """A step the partner took on one of our incidents: the incident by our id or by the
    partner's reference (linked by an earlier update that named both), the exchange state
    it is in now on the partner's side, and when that happened there. `assigned_to` (the
    police unit or officer, as text) makes the update an assignment: state `in_progress`."""

    model_config = ConfigDict(extra="forbid")

    incident_id: uuid.UUID | None = None
    partner_ref: PartnerRef | None = None
    state: ExchangeState
    assigned_to: Annotated[str, HumanText(max_length=100)] | None = None
    note: Note | None = None
    occurred_at: AwareDatetime


class RecordBatch(BaseModel):
    # Records are read one by one, so a bad record is answered and the others still count.
    records: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_RECORDS)


RecordOutcome = Literal["accepted", "updated", "unchanged", "conflict", "rejected"]


class RecordIssue(BaseModel):
    field: str
    reason: str


class RecordResult(BaseModel):
    """accepted: new to us and stored; updated: fields the partner changed were applied;
    unchanged: nothing new; conflict: a field both sides changed since the last sync was
    kept as ours (`conflict_fields`; any other change was applied), for a person to settle;
    rejected: not stored (`issues` name the field and reason)."""

    index: int
    partner_ref: str | None = None
    outcome: RecordOutcome
    local_id: uuid.UUID | None = None
    applied_fields: list[str] = Field(default_factory=list)
    conflict_fields: list[str] = Field(default_factory=list)
    issues: list[RecordIssue] = Field(default_factory=list)


class BatchResult(BaseModel):
    counts: dict[RecordOutcome, int]
    results: list[RecordResult]


class PartnerIncident(BaseModel):
    """An incident as a partner reads it: what happened, where and how far it is. Who
    reported it (name, account, caller) is never included."""

    id: uuid.UUID
    category_code: str
    title: str
    description: str
    priority: str
    state: str
    exchange_state: str
    level: str
    lon: float
    lat: float
    grid_unit_code: str
    version: int
    reported_at: str
    due_at: str
    updated_at: str


class SyncConflictRead(BaseModel):
    """Fields a partner and a grid worker both changed since the partner's last sync; ours
    were kept. `kind` person: `local_id` is the resident, the values are read there
    (masked); `kind` incident: a partner's status update older than a person's change to
    the incident `local_id` (field `state`), read on its timeline."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    client_id: str
    kind: str
    partner_ref: str
    local_id: uuid.UUID
    fields: list[str]
    grid_unit_id: uuid.UUID
    created_at: datetime
    settled_at: datetime | None


class PartnerCallRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    client_id: str
    area: str
    method: str
    path: str
    status: int
    duration_ms: int
    at: datetime
