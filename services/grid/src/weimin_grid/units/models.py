import uuid
from typing import Any

from sqlalchemy import JSON, Float, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base, Timestamped
from weimin_kit.ids import new_id


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
