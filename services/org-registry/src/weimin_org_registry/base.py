"""The declarative base of this service's own database (domain models import it); its
metadata is its own, with the kit's tables added."""

from sqlalchemy.orm import DeclarativeBase

from weimin_kit.tables import service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()
