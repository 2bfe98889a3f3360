"""The declarative base of this service's own database (domain models import it)."""

from sqlalchemy.orm import DeclarativeBase

from weimin_kit.db import make_metadata
from weimin_kit.tables import add_kit_tables


class Base(DeclarativeBase):
    metadata = make_metadata()


add_kit_tables(Base.metadata)
