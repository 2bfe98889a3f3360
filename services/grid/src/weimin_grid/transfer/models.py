import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime


class ImportRun(Base):
    """One uploaded file: what landed, what was already there, and each refused row."""

    __tablename__ = "import_runs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16))
    principal_subject: Mapped[str] = mapped_column(String(255), index=True)
    rows: Mapped[int] = mapped_column(Integer)
    created: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    # [{"row", "field", "reason"}], the first MAX_REPORTED_ERRORS of them.
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class ExportAudit(Base):
    """Every export of register data (PIPL): who took what, filtered how, how many rows."""

    __tablename__ = "export_audits"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    principal_subject: Mapped[str] = mapped_column(String(255), index=True)
    principal_roles: Mapped[list[str]] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(8))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    rows: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
