import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_volunteers.registry import changes, service
from weimin_volunteers.registry.schemas import (
    AlertConsent,
    Availability,
    CertificateCreate,
    SkillCreate,
    SkillRead,
    SkillsUpdate,
    VolunteerCreate,
    VolunteerRead,
)
from weimin_volunteers.registry.service import local_date

skills = APIRouter(prefix="/v1/skills", tags=["skills"])
volunteers = APIRouter(prefix="/v1/volunteers", tags=["volunteers"])


@skills.get("")
async def list_skills(session: SessionDep, principal: CurrentPrincipal) -> list[SkillRead]:
    return [SkillRead.model_validate(s) for s in await service.list_skills(session)]


@skills.post("", status_code=201)
async def create_skill(
    body: SkillCreate, session: SessionDep, principal: CurrentPrincipal
) -> SkillRead:
    return SkillRead.model_validate(await service.create_skill(session, principal, body))


@volunteers.post("", status_code=201)
async def register_volunteer(
    body: VolunteerCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
    response: Response,
) -> VolunteerRead:
    volunteer = await service.register_volunteer(session, principal, body, now)
    response.headers["Location"] = f"/v1/volunteers/{volunteer.id}"
    return await service.volunteer_read(session, volunteer, local_date(now))


@volunteers.get("")
async def list_volunteers(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    now: Now,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[VolunteerRead]:
    return await service.list_volunteers(session, principal, page, local_date(now), community_id)


# Declared before /{volunteer_id} so "me" is not taken for an id.
@volunteers.get("/me")
async def get_my_volunteer_record(
    session: SessionDep, principal: CurrentPrincipal, now: Now
) -> VolunteerRead:
    volunteer = await service.my_volunteer(session, principal)
    return await service.volunteer_read(session, volunteer, local_date(now))


@volunteers.put("/me/alarm-alert-consent")
async def set_my_alarm_alert_consent(
    body: AlertConsent, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> VolunteerRead:
    """Opt in to (or out of) alerts of ten-household joint-defence alarms near home."""
    volunteer = await changes.set_alarm_alert_consent(session, principal, body.consent, now)
    return await service.volunteer_read(session, volunteer, local_date(now))


@volunteers.get("/{volunteer_id}")
async def get_volunteer(
    volunteer_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> VolunteerRead:
    volunteer = await service.locate_volunteer(session, principal, volunteer_id)
    return await service.volunteer_read(session, volunteer, local_date(now))


@volunteers.put("/{volunteer_id}/skills")
async def set_skills(
    volunteer_id: uuid.UUID,
    body: SkillsUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> VolunteerRead:
    today = local_date(now)
    volunteer = await changes.set_skills(session, principal, volunteer_id, body.skill_codes, today)
    return await service.volunteer_read(session, volunteer, today)


@volunteers.post("/{volunteer_id}/certificates", status_code=201)
async def add_certificate(
    volunteer_id: uuid.UUID,
    body: CertificateCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> VolunteerRead:
    today = local_date(now)
    volunteer = await changes.add_certificate(session, principal, volunteer_id, body, today)
    return await service.volunteer_read(session, volunteer, today)


@volunteers.put("/{volunteer_id}/availability")
async def set_availability(
    volunteer_id: uuid.UUID,
    body: Availability,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> VolunteerRead:
    volunteer = await changes.set_availability(session, principal, volunteer_id, body)
    return await service.volunteer_read(session, volunteer, local_date(now))


@volunteers.put("/{volunteer_id}/alert-consent")
async def set_alert_consent(
    volunteer_id: uuid.UUID,
    body: AlertConsent,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> VolunteerRead:
    volunteer = await changes.set_alert_consent(session, principal, volunteer_id, body.consent, now)
    return await service.volunteer_read(session, volunteer, local_date(now))
