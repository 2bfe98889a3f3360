"""Imports every domain's models so `Base.metadata` is complete (for Alembic and tests)."""

from weimin_notifications.models import Base

__all__ = ["Base"]
