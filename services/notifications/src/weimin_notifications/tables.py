"""Imports every domain's models so `Base.metadata` is complete (for Alembic and tests)."""

from weimin_notifications.deliveries.models import Delivery
from weimin_notifications.models import Base
from weimin_notifications.notices.models import Notification
from weimin_notifications.preferences.models import ContactPoint, Preference
from weimin_notifications.reminders.models import ScheduledNotice
from weimin_notifications.robots.models import Robot

__all__ = [
    "Base",
    "ContactPoint",
    "Delivery",
    "Notification",
    "Preference",
    "Robot",
    "ScheduledNotice",
]
