"""Every table of this service, gathered on one metadata for Alembic and the app."""

from weimin_org_registry.base import Base
from weimin_org_registry.cobuilding.models import CoBuildingAgreement
from weimin_org_registry.committees.models import BigCommitteeSeat
from weimin_org_registry.demonstration.models import DemonstrationSite
from weimin_org_registry.guarantees.models import ResourceGuarantee
from weimin_org_registry.identity.models import (
    Account,
    LoginThrottle,
    RecoveryCode,
    RefreshToken,
    SecondFactor,
    SignInChallenge,
    SignInEvent,
    SigningKey,
)
from weimin_org_registry.meetings.models import JointMeeting, JointTask
from weimin_org_registry.members.models import (
    MemberReport,
    MemberService,
    PartyMember,
    PartyMemberTransfer,
)
from weimin_org_registry.organisations.models import (
    CoBuildingLink,
    Organisation,
    OrganisationChange,
)
from weimin_org_registry.partners.models import (
    PartnerClient,
    PartnerClientChange,
    PartnerClientSecret,
    PartnerTokenRequest,
)
from weimin_org_registry.people.models import Person, PersonReveal

__all__ = [
    "Account",
    "Base",
    "BigCommitteeSeat",
    "CoBuildingAgreement",
    "CoBuildingLink",
    "DemonstrationSite",
    "JointMeeting",
    "JointTask",
    "LoginThrottle",
    "MemberReport",
    "MemberService",
    "Organisation",
    "OrganisationChange",
    "PartnerClient",
    "PartnerClientChange",
    "PartnerClientSecret",
    "PartnerTokenRequest",
    "PartyMember",
    "PartyMemberTransfer",
    "Person",
    "PersonReveal",
    "RecoveryCode",
    "RefreshToken",
    "ResourceGuarantee",
    "SecondFactor",
    "SignInChallenge",
    "SignInEvent",
    "SigningKey",
]
