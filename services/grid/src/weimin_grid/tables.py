"""Imports every domain's models so `Base.metadata` is complete (for Alembic and tests)."""

from weimin_grid.addresses.models import StandardAddress
from weimin_grid.audit.models import RevealAudit
from weimin_grid.incidents.models import Incident, IncidentChange
from weimin_grid.incidents.photos.models import (
    IncidentPhoto,
    IncidentPhotoLink,
    IncidentPhotoUpload,
    PatrolCheckInPhotoLink,
)
from weimin_grid.integration.models import PartnerCall, PartnerLink, SyncConflict
from weimin_grid.joint_defence.models import (
    Alarm,
    AlarmNotice,
    AlarmResponse,
    Drill,
    JointDefenceGroup,
    JointDefenceMember,
)
from weimin_grid.models import Base
from weimin_grid.notifications.models import Notification
from weimin_grid.patrols.models import Patrol, PatrolCheckIn, Visit
from weimin_grid.privacy.models import DataRequest, PersonalDataAudit
from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.transfer.models import ExportAudit, ImportRun
from weimin_grid.units.models import GridRoleTerm, GridUnit
from weimin_grid.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

__all__ = [
    "Alarm",
    "AlarmNotice",
    "AlarmResponse",
    "Base",
    "Building",
    "DataRequest",
    "Drill",
    "ExportAudit",
    "GridRoleTerm",
    "GridUnit",
    "Household",
    "ImportRun",
    "Incident",
    "IncidentChange",
    "IncidentPhoto",
    "IncidentPhotoLink",
    "IncidentPhotoUpload",
    "JointDefenceGroup",
    "JointDefenceMember",
    "Notification",
    "PartnerCall",
    "PartnerLink",
    "Patrol",
    "PatrolCheckIn",
    "PatrolCheckInPhotoLink",
    "PersonalDataAudit",
    "Resident",
    "RevealAudit",
    "StandardAddress",
    "SyncConflict",
    "Visit",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
]
