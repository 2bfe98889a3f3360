import uuid
from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow


class RevealAudit(Base):
    """One unmasked read of a resident's personal data: who, why, what, when.

    No foreign key to residents: the log must outlive the record it speaks of. The
    resident's ancestry is copied so a community secretary can read its own log.
    """

    __tablename__ = "reveal_audits"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    principal_subject: Mapped[str] = mapped_column(String(255), index=True)
    principal_roles: Mapped[list[str]] = mapped_column(JSON)
    resident_id: Mapped[uuid.UUID] = mapped_column(index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(index=True)
    fields: Mapped[list[str]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(500))
    request_id: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
