"""Every table of this service, gathered on one metadata for Alembic and the app."""

from weimin_org_registry.base import Base
from weimin_org_registry.identity.models import Account, RefreshToken, SigningKey
from weimin_org_registry.organisations.models import CoBuildingLink, Organisation

__all__ = ["Account", "Base", "CoBuildingLink", "Organisation", "RefreshToken", "SigningKey"]
