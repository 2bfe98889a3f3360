"""The satisfaction question after resolution: asked on a staff return visit, or answered
by the reporter themselves. Either way it is answered once."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.incidents import repository
from weimin_grid.incidents.errors import IllegalTransition, ReturnVisitExists
from weimin_grid.incidents.models import Incident
from weimin_grid.incidents.schemas import ReturnVisitRequest, SatisfactionAnswer
from weimin_grid.incidents.service import (
    REPORTING_ROLES,
    check_version,
    ensure_not_own_report,
    locate_incident,
    record_change,
)
from weimin_grid.incidents.states import VISITABLE_STATES
from weimin_grid.notifications.service import close_satisfaction_question
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import NotFound


async def _answer(
    session: AsyncSession,
    incident: Incident,
    principal: Principal,
    action: str,
    satisfaction: int,
    note: str | None,
    now: datetime,
) -> Incident:
    if incident.state not in VISITABLE_STATES:
        raise IllegalTransition(
            f"Satisfaction is asked after resolution; the incident is {incident.state}",
            extra={"state": incident.state, "action": action},
        )
    if incident.returned_at is not None:
        raise ReturnVisitExists("The satisfaction question was already answered")
    incident.satisfaction = satisfaction
    incident.return_visit_note = note
    incident.returned_at = now
    incident.version += 1
    incident.updated_at = now
    await record_change(
        session,
        incident,
        principal,
        now,
        action,
        incident.state,
        note,
        {"satisfaction": satisfaction},
    )
    await close_satisfaction_question(session, incident, now)
    await session.flush()
    return incident


async def record_return_visit(
    session: AsyncSession,
    principal: Principal,
    incident_id: uuid.UUID,
    if_match: str | None,
    body: ReturnVisitRequest,
    now: datetime,
) -> Incident:
    incident = await locate_incident(session, principal, incident_id)
    check_version(incident, if_match)
    # The return visit is the community's check on the work; a staff reporter answers
    # nothing about their own report (a resident reporter has /satisfaction for that).
    ensure_not_own_report(principal, incident, "return_visit")
    return await _answer(
        session, incident, principal, "return_visit", body.satisfaction, body.note, now
    )


async def answer_satisfaction(
    session: AsyncSession,
    principal: Principal,
    incident_id: uuid.UUID,
    if_match: str | None,
    body: SatisfactionAnswer,
    now: datetime,
) -> Incident:
    """The reporter rates their own incident. `If-Match` is checked when sent; without it
    the once-only rule still holds, so a resident's phone need not have read the version."""
    ensure_role(principal, *REPORTING_ROLES)
    incident = await repository.get_incident(session, incident_id)
    if incident is None or incident.reporter_subject != principal.subject:
        raise NotFound(
            "No such incident among your reports",
            errors=[{"field": "id", "reason": "no such incident", "code": "not-found"}],
        )
    if if_match is not None:
        check_version(incident, if_match)
    return await _answer(
        session, incident, principal, "satisfaction", body.satisfaction, body.comment, now
    )
