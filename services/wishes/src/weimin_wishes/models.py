"""The declarative base of this service's own database, and the columns every table shares."""

from datetime import datetime

from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from weimin_kit.db import make_metadata
from weimin_kit.tables import add_kit_tables
from weimin_kit.types import UTCDateTime, utcnow


class Base(DeclarativeBase):
    metadata = make_metadata()


add_kit_tables(Base.metadata)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
