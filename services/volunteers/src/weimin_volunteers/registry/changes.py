"""Changing a volunteer's record: skills (certified ones need a valid certificate),
certificates, availability and the volunteer's own consents to location and alarm alerts."""

import uuid
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import Forbidden, InvalidInput
from weimin_volunteers.registry import repository
from weimin_volunteers.registry.errors import (
    CertificateExpired,
)
from weimin_volunteers.registry.models import Certificate, Volunteer
from weimin_volunteers.registry.schemas import (
    Availability,
    CertificateCreate,
)
from weimin_volunteers.registry.service import (
    is_self,
    locate_for_change,
    locate_volunteer,
    my_volunteer,
    skills_with_valid_certificates,
)


async def set_skills(
    session: AsyncSession,
    principal: Principal,
    volunteer_id: uuid.UUID,
    codes: list[str],
    today: date,
) -> Volunteer:
    volunteer = await locate_for_change(session, principal, volunteer_id)
    skill_ids = await skills_with_valid_certificates(
        session, volunteer.id, codes, today, "body.skill_codes"
    )
    await repository.replace_skills(session, volunteer.id, skill_ids)
    return volunteer


async def add_certificate(
    session: AsyncSession,
    principal: Principal,
    volunteer_id: uuid.UUID,
    body: CertificateCreate,
    today: date,
) -> Volunteer:
    volunteer = await locate_for_change(session, principal, volunteer_id)
    known = await repository.skills_by_code(session, [body.skill_code])
    if body.skill_code not in known:
        raise InvalidInput.field("body.skill_code", "not in the skills catalogue", "unknown-skill")
    if body.expires_on is not None and body.expires_on < body.issued_on:
        raise InvalidInput.field("body.expires_on", "before issued_on", "invalid-range")
    if body.expires_on is not None and body.expires_on < today:
        raise CertificateExpired(
            f"body.expires_on: expired on {body.expires_on.isoformat()}",
            errors=[
                {
                    "field": "body.expires_on",
                    "reason": "already expired",
                    "code": CertificateExpired.code,
                }
            ],
        )
    await repository.add(
        session,
        Certificate(
            volunteer_id=volunteer.id,
            skill_id=known[body.skill_code].id,
            number=body.number,
            issuer=body.issuer,
            issued_on=body.issued_on,
            expires_on=body.expires_on,
        ),
    )
    return volunteer


async def set_availability(
    session: AsyncSession, principal: Principal, volunteer_id: uuid.UUID, body: Availability
) -> Volunteer:
    volunteer = await locate_for_change(session, principal, volunteer_id)
    document = body.model_dump(mode="json")
    volunteer.weekly_availability = document["weekly"]
    volunteer.availability_exceptions = document["exceptions"]
    await session.flush()
    return volunteer


async def set_alert_consent(
    session: AsyncSession,
    principal: Principal,
    volunteer_id: uuid.UUID,
    consent: bool,
    now: datetime,
) -> Volunteer:
    """Consent to location-based alerts is the person's own decision: nobody else sets it."""
    volunteer = await locate_volunteer(session, principal, volunteer_id)
    if not is_self(principal, volunteer):
        raise Forbidden("Only the volunteer themself can give or withdraw consent")
    volunteer.alert_consent = consent
    volunteer.alert_consent_at = now if consent else None
    await session.flush()
    return volunteer


async def set_alarm_alert_consent(
    session: AsyncSession, principal: Principal, consent: bool, now: datetime
) -> Volunteer:
    """Alerts of joint-defence alarms near home, like location alerts, are opted in to by
    the volunteer themself, on their own record only."""
    volunteer = await my_volunteer(session, principal)
    volunteer.alarm_alert_consent = consent
    volunteer.alarm_alert_consent_at = now if consent else None
    await session.flush()
    return volunteer
