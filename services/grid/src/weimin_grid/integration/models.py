import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base, Timestamped
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime


class PartnerLink(Timestamped, Base):
    """The id map: a partner's id for a record and ours. `synced` holds, per field, a keyed
    digest of the value as of the partner's last sync (never the value: it may be personal
    data), so a later sync can tell a field the partner changed from one a grid worker
    changed since."""

    __tablename__ = "partner_links"
    __table_args__ = (UniqueConstraint("client_id", "kind", "partner_ref"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    #: The partner client's public id (its token's subject without `partner:`).
    client_id: Mapped[str] = mapped_column(String(64))
    #: person, address, grid_unit, incident.
    kind: Mapped[str] = mapped_column(String(16))
    partner_ref: Mapped[str] = mapped_column(String(64))
    local_id: Mapped[uuid.UUID] = mapped_column(index=True)
    synced: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SyncConflict(Timestamped, Base):
    """A field both sides changed since the partner's last sync: ours was kept, and a
    person settles it. Names the fields only, never the values."""

    __tablename__ = "sync_conflicts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    client_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    partner_ref: Mapped[str] = mapped_column(String(64))
    local_id: Mapped[uuid.UUID] = mapped_column(index=True)
    fields: Mapped[list[str]] = mapped_column(JSON)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)


class PartnerCall(Base):
    __tablename__ = "partner_calls"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    client_id: Mapped[str] = mapped_column(String(64), index=True)
    #: The client's area (`street:<id>` or `community:<id>`): who among staff may read it.
    area: Mapped[str] = mapped_column(String(64), index=True)
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(300))
    status: Mapped[int] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
