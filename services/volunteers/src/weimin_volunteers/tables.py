"""Imports every domain's models so `Base.metadata` is complete (for Alembic and tests)."""

from weimin_volunteers.activities.models import Activity, Notification, Shift, Signup
from weimin_volunteers.alarms.models import AlarmAlert
from weimin_volunteers.dispatch.models import Task, TaskOffer
from weimin_volunteers.hours.models import HoursEntry, HoursTotal
from weimin_volunteers.models import Base
from weimin_volunteers.pool.models import CommunityPoolMember
from weimin_volunteers.registry.models import Certificate, Skill, Volunteer, VolunteerSkill
from weimin_volunteers.stations.models import ServiceItem, ServiceRequest, Station
from weimin_volunteers.teams.models import Team, TeamMember

__all__ = [
    "Activity",
    "AlarmAlert",
    "Base",
    "Certificate",
    "CommunityPoolMember",
    "HoursEntry",
    "HoursTotal",
    "Notification",
    "ServiceItem",
    "ServiceRequest",
    "Shift",
    "Signup",
    "Skill",
    "Station",
    "Task",
    "TaskOffer",
    "Team",
    "TeamMember",
    "Volunteer",
    "VolunteerSkill",
]
