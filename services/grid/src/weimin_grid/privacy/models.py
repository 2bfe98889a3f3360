import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow


class DataRequest(Base):
    """A resident's request to correct (PIPL art. 46) or delete (art. 47) their data, as
    staff recorded it, and the decision on it.

    `changes` holds a correction's new values (the phone sealed as on the resident) only
    while the request is pending: deciding it, or anonymising the resident, clears them,
    so no copy of personal data outlives the request. `fields` names what was asked for.
    """

    __tablename__ = "resident_data_requests"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    resident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("residents.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), index=True)
    fields: Mapped[list[str]] = mapped_column(JSON)
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(500))
    requested_by: Mapped[str] = mapped_column(String(255))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(255))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    decision_reason: Mapped[str | None] = mapped_column(String(500))


class PersonalDataAudit(Base):
    """One step in a resident's personal-data lifecycle: a request recorded, completed or
    refused, a correction applied, an anonymisation (by a person or by the retention
    sweep, `principal_subject` "system:retention"). Ids and field names only, never values.

    No foreign keys: the log must outlive what it speaks of, until the audit retention
    purges it.
    """

    __tablename__ = "personal_data_audits"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    action: Mapped[str] = mapped_column(String(40))
    principal_subject: Mapped[str] = mapped_column(String(255), index=True)
    principal_roles: Mapped[list[str]] = mapped_column(JSON)
    resident_id: Mapped[uuid.UUID] = mapped_column(index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(index=True)
    data_request_id: Mapped[uuid.UUID | None] = mapped_column()
    fields: Mapped[list[str]] = mapped_column(JSON)
    request_id: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
