"""Reporting incidents and moving them through the workflow.

Every change bumps the incident's version (If-Match guards it), adds a timeline line and
records an event, all in the request's transaction.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import (
    IncidentChanged,
    IncidentClosed,
    IncidentEscalated,
    IncidentReported,
    IncidentStateChanged,
)
from weimin_events.vocabularies import Role
from weimin_grid.field_time import field_time
from weimin_grid.geo.service import IndexCache, locate_point, nearest_building
from weimin_grid.incidents import repository
from weimin_grid.incidents.catalogue import CATEGORIES, Category, extra_field_errors
from weimin_grid.incidents.errors import (
    EscalationExhausted,
    IllegalTransition,
    IncidentVersionMismatch,
    LevelTooLow,
    OwnReportNeedsConfirmation,
    UnknownCategory,
)
from weimin_grid.incidents.models import Incident, IncidentChange
from weimin_grid.incidents.photos.service import link_photos, own_photos, photo_meta
from weimin_grid.incidents.schemas import IncidentCreate, TransitionRequest
from weimin_grid.incidents.states import (
    CONFIRMING_ACTIONS,
    Action,
    highest_level,
    next_level,
    rank,
    target_state,
)
from weimin_grid.notifications.service import accountable_accounts, notify_state_change
from weimin_grid.scope import STAFF_ROLES, covers
from weimin_grid.webhooks.enqueue import enqueue_incident_event
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import InvalidInput, NotFound
from weimin_kit.outbox import record_event
from weimin_kit.versioning import parse_if_match


@dataclass(frozen=True, slots=True)
class PartnerOrigin:
    """A step a partner client took through the exchange: who, and what its timeline line
    keeps of the partner's side (its time of the change, the unit or officer it named)."""

    client_id: str
    timeline_data: dict[str, Any]


SOURCE = "/weimin/grid"
#: Who may report: staff, and residents, members, volunteers and partners (admin implied).
REPORTING_ROLES: tuple[Role, ...] = (*STAFF_ROLES, "resident", "member", "volunteer", "partner")


def category_of(code: str, field: str = "body.category_code") -> Category:
    category = CATEGORIES.get(code)
    if category is None:
        raise UnknownCategory(
            f"{field}: no category {code!r}",
            errors=[{"field": field, "reason": "no such category", "code": "unknown-category"}],
        )
    return category


async def locate_incident(
    session: AsyncSession, principal: Principal, incident_id: uuid.UUID, field: str = "id"
) -> Incident:
    """The incident, or 404 when it does not exist or lies outside the caller's scope."""
    ensure_role(principal, *STAFF_ROLES)
    incident = await repository.get_incident(session, incident_id)
    if incident is None or not covers(
        principal,
        street=incident.street_id,
        community=incident.community_id,
        grid=incident.grid_unit_id,
    ):
        raise NotFound(
            "No such incident",
            errors=[{"field": field, "reason": "no such incident", "code": "not-found"}],
        )
    return incident


async def record_change(
    session: AsyncSession,
    incident: Incident,
    principal: Principal,
    now: datetime,
    action: str,
    from_state: str | None,
    note: str | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    # The reporter's own lines of an anonymous report never name them.
    by_reporter = action in ("report", "satisfaction")
    anonymous = by_reporter and incident.anonymous
    actor = "anonymous" if anonymous else principal.subject
    # Staff are named on their lines; a resident's name stays in the encrypted records.
    staff = principal.has_role(*STAFF_ROLES) or principal.is_admin
    actor_name = principal.display_name[:100] if staff and principal.display_name else None
    session.add(
        IncidentChange(
            incident_id=incident.id,
            action=action,
            from_state=from_state,
            to_state=incident.state,
            level=incident.level,
            actor=actor,
            actor_name=None if anonymous else actor_name,
            note=note,
            data=data or {},
            at=now,
        )
    )


async def report_incident(
    session: AsyncSession,
    principal: Principal,
    cache: IndexCache,
    body: IncidentCreate,
    now: datetime,
    *,
    media_url: str | None = None,
) -> Incident:
    """`media_url`: a photo link an Open311 client sent (open311/service.py)."""
    ensure_role(principal, *REPORTING_ROLES)
    category = category_of(body.category_code)
    errors = extra_field_errors(category, body.extra)
    if errors:
        raise InvalidInput("; ".join(f"{e['field']}: {e['reason']}" for e in errors), errors=errors)
    located = await locate_point(
        cache, body.location.lon, body.location.lat, body.location.crs, "body.location", session
    )
    unit = located.grid_unit
    building = await nearest_building(cache, unit.id, located.lon, located.lat, session)
    sla = timedelta(hours=category.sla_hours[body.priority])
    occurred_at = field_time(body.occurred_at, now, "body.occurred_at")
    uploaded = await own_photos(session, principal, body.photo_ids)
    incident = Incident(
        category_code=category.code,
        priority=body.priority,
        state="reported",
        level="grid",
        title=body.title,
        description=body.description,
        lon=located.lon,
        lat=located.lat,
        grid_unit_id=unit.id,
        street_id=unit.street_id,
        community_id=unit.community_id,
        building_id=None if building is None else building[0].id,
        channel=body.channel,
        anonymous=body.anonymous,
        reporter_subject=principal.subject,
        reporter_name=None if body.anonymous else principal.display_name,
        caller_name=body.caller_name,
        extra=dict(body.extra),
        photos=[*(photo.model_dump() for photo in body.photos), *map(photo_meta, uploaded)],
        volunteer_request=None
        if body.volunteer_request is None
        else body.volunteer_request.model_dump(),
        media_url=media_url,
        due_at=now + sla,
        level_due_at=now + sla,
        version=1,
        occurred_at=occurred_at,
        created_at=now,
        updated_at=now,
    )
    session.add(incident)
    await session.flush()
    link_photos(session, incident.id, uploaded)
    await record_change(session, incident, principal, now, "report", None)
    await record_event(
        session,
        source=SOURCE,
        subject=str(incident.id),
        payload=reported_event(incident),
    )
    await enqueue_incident_event(session, incident, "incident.reported", now)
    return incident


def reported_event(incident: Incident) -> IncidentReported:
    """`IncidentReported`: ids, the
    WGS-84 point and, when the reporter asked for hands, what volunteers are wanted."""
    wanted = incident.volunteer_request or {}
    return IncidentReported(
        incident_id=incident.id,
        category_code=incident.category_code,
        grid_unit_id=incident.grid_unit_id,
        priority=incident.priority,
        community_id=incident.community_id,
        street_id=incident.street_id,
        needs_hands=incident.volunteer_request is not None,
        volunteers_wanted=wanted.get("volunteers_wanted"),
        skills=wanted.get("skills", []),
        lon=incident.lon,
        lat=incident.lat,
    )


def check_version(incident: Incident, if_match: str | None) -> None:
    if parse_if_match(if_match) != incident.version:
        raise IncidentVersionMismatch(
            f"The incident is at version {incident.version}; read it again",
            headers={"ETag": f'"{incident.version}"'},
        )


def ensure_not_own_report(principal: Principal, incident: Incident, action: str) -> None:
    """The reporter cannot confirm their own report: someone else (community staff, who
    see every grid of the community) records the return visit, verifies and closes."""
    if incident.reporter_subject == principal.subject:
        raise OwnReportNeedsConfirmation(
            f"You reported this incident, so you cannot {action.replace('_', ' ')} it; "
            "community staff confirm it on a return visit",
            detail_zh="您上报的事件不能由您本人确认办结，请由社区人员回访确认",
            extra={"action": action},
        )


def _check_level(principal: Principal, incident: Incident) -> None:
    level = highest_level(principal.roles)
    if level is None or rank(level) < rank(incident.level):
        raise LevelTooLow(f"The incident is handled at {incident.level} level now")


async def _apply(
    session: AsyncSession,
    incident: Incident,
    principal: Principal,
    body: TransitionRequest,
    now: datetime,
) -> dict[str, Any]:
    """Per-action rules and side effects; returns what goes in the timeline's data."""
    category = CATEGORIES[incident.category_code]
    sla = timedelta(hours=category.sla_hours[incident.priority])  # type: ignore[index]
    if body.action == "assign":
        if body.assignee is None:
            raise InvalidInput.field("body.assignee", "assign needs an assignee", "missing")
        incident.assignee = body.assignee
        return {"assignee": body.assignee}
    if body.action == "mark_duplicate":
        if body.duplicate_of_id is None or body.duplicate_of_id == incident.id:
            raise InvalidInput.field(
                "body.duplicate_of_id", "name the other incident this one repeats", "missing"
            )
        original = await locate_incident(
            session, principal, body.duplicate_of_id, "body.duplicate_of_id"
        )
        if original.state == "duplicate":
            raise InvalidInput.field(
                "body.duplicate_of_id", "that incident is itself a duplicate", "invalid"
            )
        incident.duplicate_of_id = original.id
        return {"duplicate_of_id": str(original.id)}
    if body.action == "escalate":
        higher = next_level(incident.level)
        if higher is None:
            raise EscalationExhausted("Already at street level: nothing higher to escalate to")
        previous, incident.level = incident.level, higher
        incident.level_due_at = now + sla
        return {"from_level": previous, "to_level": higher}
    if body.action == "resolve":
        incident.resolved_at = now
        incident.resolve_seconds = int((now - incident.created_at).total_seconds())
        incident.sla_met = now <= incident.due_at
    elif body.action == "close":
        incident.closed_at = now
    elif body.action == "reopen":
        incident.resolved_at = incident.closed_at = None
        incident.resolve_seconds = None
        incident.sla_met = None
        incident.level_due_at = now + sla
        incident.overdue_noticed_at = None
    return {}


async def transition_incident(
    session: AsyncSession,
    principal: Principal,
    incident_id: uuid.UUID,
    if_match: str | None,
    body: TransitionRequest,
    now: datetime,
) -> Incident:
    incident = await locate_incident(session, principal, incident_id)
    check_version(incident, if_match)
    return await apply_action(session, principal, incident, body, now)


async def apply_action(
    session: AsyncSession,
    principal: Principal,
    incident: Incident,
    body: TransitionRequest,
    now: datetime,
    *,
    partner: PartnerOrigin | None = None,
) -> Incident:
    """`partner`: the step comes from a partner client through the exchange. Its area and
    the shared categories were checked by the exchange, which acts at any level (the
    public-security side is not one of our levels); the timeline line carries its details
    and its webhooks say so (`origin`), so the partner does not take its own step back as
    news."""
    action: Action = body.action
    target = target_state(incident.state, action)
    if target is None:
        raise IllegalTransition(
            f"Cannot {action} an incident that is {incident.state}",
            extra={"state": incident.state, "action": action},
        )
    if partner is None:
        _check_level(principal, incident)
    if action in CONFIRMING_ACTIONS:
        ensure_not_own_report(principal, incident, action)
    from_state = incident.state
    data = await _apply(session, incident, principal, body, now)
    if partner is not None:
        data = {**data, **partner.timeline_data}
    incident.state = target
    incident.version += 1
    incident.updated_at = now
    await record_change(session, incident, principal, now, action, from_state, body.note, data)
    notify_state_change(session, incident, principal.subject, action, now)
    # Every move is a state change; an escalation and a closing are also told as such.
    told: list[type[IncidentChanged]] = [IncidentStateChanged]
    if action == "escalate":
        told.append(IncidentEscalated)
    if action == "close":
        told.append(IncidentClosed)
    fields: dict[str, Any] = {
        "incident_id": incident.id,
        "from_state": from_state,
        "to_state": target,
        "action": action,
        "level": incident.level,
        # Whom notifications tells: account ids and the category's code, nothing else.
        "category_code": incident.category_code,
        "reporter_subject": incident.reporter_subject,
        "assignee": incident.assignee,
        "actor": principal.subject,
    }
    for model in told:
        extra = {}
        if model is IncidentEscalated:
            extra["accountable"] = await accountable_accounts(session, incident)
        payload = model(**fields, **extra)
        await record_event(session, source=SOURCE, subject=str(incident.id), payload=payload)
    await enqueue_incident_event(
        session,
        incident,
        "incident.state_changed",
        now,
        origin_client=None if partner is None else partner.client_id,
    )
    await session.flush()
    return incident


async def escalate_overdue(
    session: AsyncSession, principal: Principal, now: datetime, limit: int = 500
) -> list[Incident]:
    """Hand every open incident past its level's deadline one level up."""
    ensure_role(principal, "street_secretary")
    escalated = []
    for incident in await repository.due_for_escalation(session, principal, now, limit):
        body = TransitionRequest(action="escalate", note="overdue at its level")
        escalated.append(await apply_action(session, principal, incident, body, now))
    return escalated
