"""Imports every domain's models so `Base.metadata` is complete (for Alembic and tests)."""

from weimin_grid.audit.models import RevealAudit
from weimin_grid.models import Base
from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.units.models import GridUnit

__all__ = ["Base", "Building", "GridUnit", "Household", "Resident", "RevealAudit"]
