import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base, Timestamped
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime


class GridUnit(Timestamped, Base):
    """The smallest unit of grid management, with one responsible grid worker."""

    __tablename__ = "grid_units"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # Official style, e.g. 532901001001-G001: the community's division code and a number.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    resident_group_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    # GeoJSON Polygon, WGS-84 [lon, lat]; plain JSON so SQLite needs no spatial extension.
    boundary: Mapped[dict[str, Any]] = mapped_column(JSON)
    centroid_lon: Mapped[float] = mapped_column(Float)
    centroid_lat: Mapped[float] = mapped_column(Float)
    # An org-registry account id; no foreign key: accounts live in another service.
    responsible_worker_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    # Optimistic concurrency for boundary edits (If-Match).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class GridRoleTerm(Timestamped, Base):
    """One person's term in a grid role; the open term (ended_at null) is the current
    holder, closed terms are the history of who held it when."""

    __tablename__ = "grid_role_terms"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("grid_units.id"), index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    # grid_worker, grid_head, building_head (per building), central_household_head (per
    # household it leads).
    role: Mapped[str] = mapped_column(String(32))
    building_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("buildings.id"))
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("households.id"))
    # An org-registry account id (no foreign key: accounts live in another service).
    holder_id: Mapped[uuid.UUID] = mapped_column(index=True)
    holder_name: Mapped[str] = mapped_column(String(50))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
