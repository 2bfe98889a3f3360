"""The declarative base of this service's own database (its metadata is its own; the kit
adds its tables to it)."""

from sqlalchemy.orm import DeclarativeBase

from weimin_kit.tables import Timestamped, service_metadata


class Base(DeclarativeBase):
    metadata = service_metadata()


__all__ = ["Base", "Timestamped"]
