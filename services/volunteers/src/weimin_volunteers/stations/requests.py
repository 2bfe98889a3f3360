"""Requests made at a station: walk-in or phone (entered by staff) or self-service (by the
resident), validated against the item's typed fields, handled by staff or dispatched to
volunteers, closed, and appraised once by the person who asked."""

import hmac
import secrets
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_kit.text import HumanTextError, clean_human_text
from weimin_volunteers.dispatch import creation as dispatch
from weimin_volunteers.dispatch.schemas import TaskCreate
from weimin_volunteers.scope import account_id_of, manager_covers, staff_covers
from weimin_volunteers.stations import repository
from weimin_volunteers.stations.errors import RequestNotChangeable
from weimin_volunteers.stations.models import ServiceRequest
from weimin_volunteers.stations.schemas import (
    Appraisal,
    DispatchRequest,
    RequestCreate,
    RequestRead,
)
from weimin_volunteers.stations.service import locate_station

LIMITS = {"string": 200, "text": 2000}


def _problem(code: str, value: Any, spec: dict[str, Any]) -> str | None:
    datatype = spec["datatype"]
    if datatype in LIMITS:
        if not isinstance(value, str) or not value.strip():
            return "expected non-empty text"
        # Typed by a person like the description; the same characters are refused.
        try:
            clean_human_text(value, max_length=LIMITS[datatype], multiline=datatype == "text")
        except HumanTextError as refused:
            return refused.reason
        return None if len(value) <= LIMITS[datatype] else f"at most {LIMITS[datatype]} characters"
    if datatype == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "expected a number"
    if datatype == "datetime":
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        return (
            None
            if moment is not None and moment.tzinfo is not None
            else "expected an ISO 8601 time with offset"
        )
    allowed = spec.get("values") or []
    if datatype == "singlevaluelist":
        return None if value in allowed else f"one of: {', '.join(allowed)}"
    if not isinstance(value, list) or not all(v in allowed for v in value):
        return f"a list of: {', '.join(allowed)}"
    return None


def validate_attributes(fields: list[dict[str, Any]], attributes: dict[str, Any]) -> dict[str, Any]:
    specs = {spec["code"]: spec for spec in fields}
    errors = [
        {
            "field": f"body.attributes.{code}",
            "reason": "not a field of this service",
            "code": "unknown-field",
        }
        for code in sorted(attributes)
        if code not in specs
    ]
    for code, spec in specs.items():
        value = attributes.get(code)
        if value is None:
            if spec.get("required"):
                errors.append(
                    {"field": f"body.attributes.{code}", "reason": "required", "code": "missing"}
                )
            continue
        reason = _problem(code, value, spec)
        if reason is not None:
            errors.append({"field": f"body.attributes.{code}", "reason": reason, "code": "invalid"})
    if errors:
        raise InvalidInput("; ".join(f"{e['field']}: {e['reason']}" for e in errors), errors=errors)
    return {code: attributes[code] for code in specs if attributes.get(code) is not None}


async def make_request(
    session: AsyncSession, principal: Principal, station_id: uuid.UUID, body: RequestCreate
) -> ServiceRequest:
    station = await locate_station(session, station_id)
    account_id = account_id_of(principal)
    if body.channel == "self_service":
        if account_id is None:
            raise InvalidInput.field("body.channel", "self-service needs a personal account")
    elif not staff_covers(principal, street=station.street_id, community=station.community_id):
        raise NotFound("No such station")  # walk-in and phone requests are entered by its staff
    if body.service_code not in station.item_codes:
        raise InvalidInput.field(
            "body.service_code", "this station does not offer it", "not-offered"
        )
    item = (await repository.items_by_code(session, [body.service_code]))[body.service_code]
    request = ServiceRequest(
        station_id=station.id,
        service_code=item.code,
        street_id=station.street_id,
        community_id=station.community_id,
        channel=body.channel,
        requester_account_id=account_id if body.channel == "self_service" else None,
        requester_name=body.requester_name,
        attributes=validate_attributes(item.fields, body.attributes),
        description=body.description,
        status="open",
        appraisal_code=None if body.channel == "self_service" else secrets.token_urlsafe(12),
    )
    await repository.add(session, request)
    return request


async def locate_request(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> ServiceRequest:
    request = await repository.get_request(session, request_id)
    if request is None or not (
        staff_covers(principal, street=request.street_id, community=request.community_id)
        or (
            request.requester_account_id is not None
            and request.requester_account_id == account_id_of(principal)
        )
    ):
        raise NotFound("No such service request")
    return request


async def _managed(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> ServiceRequest:
    request = await locate_request(session, principal, request_id)
    if not staff_covers(principal, street=request.street_id, community=request.community_id):
        raise NotFound("No such service request")
    return request


async def take_on(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> ServiceRequest:
    request = await _managed(session, principal, request_id)
    if request.status != "open":
        raise RequestNotChangeable(f"The request is {request.status}")
    request.status = "in_progress"
    request.handled_by = principal.subject[:64]
    await session.flush()
    return request


async def dispatch_to_volunteers(
    session: AsyncSession,
    principal: Principal,
    request_id: uuid.UUID,
    body: DispatchRequest,
    now: datetime,
) -> ServiceRequest:
    request = await _managed(session, principal, request_id)
    if not manager_covers(principal, street=request.street_id, community=request.community_id):
        raise NotFound("No such service request")
    if request.status not in ("open", "in_progress"):
        raise RequestNotChangeable(f"The request is {request.status}")
    station = await locate_station(session, request.station_id)
    item = (await repository.items_by_code(session, [request.service_code]))[request.service_code]
    task = await dispatch.create_task(
        session,
        principal,
        TaskCreate(
            kind="service_request",
            title=item.name,
            description=request.description,
            skill_code=item.skill_code,
            street_id=request.street_id,
            community_id=request.community_id,
            lon=station.lon,
            lat=station.lat,
            radius_m=body.radius_m,
            mode=body.mode,
            team_id=body.team_id,
            source_ref=f"service-request:{request.id}",
        ),
        now,
    )
    request.status = "dispatched"
    request.task_id = task.task.id
    await session.flush()
    return request


async def close(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID, now: datetime
) -> ServiceRequest:
    request = await _managed(session, principal, request_id)
    if request.status == "closed":
        raise RequestNotChangeable("The request is already closed")
    request.status = "closed"
    request.closed_at = now
    await session.flush()
    return request


async def appraise(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID, body: Appraisal
) -> ServiceRequest:
    """Only the person who asked, once, after the request is closed. A walk-in or phone
    request names no account: the resident appraises it with the code the station handed
    them, and becomes its requester (it is then among their requests)."""
    request = await repository.get_request(session, request_id)
    account_id = account_id_of(principal)
    if request is None or account_id is None:
        raise NotFound("No such service request")
    own = request.requester_account_id == account_id
    by_code = (
        request.requester_account_id is None
        and request.appraisal_code is not None
        and body.code is not None
        and hmac.compare_digest(body.code.encode(), request.appraisal_code.encode())
        and not staff_covers(principal, street=request.street_id, community=request.community_id)
    )
    if not (own or by_code):
        raise NotFound("No such service request")
    if request.status != "closed" or request.appraisal_rating is not None:
        raise RequestNotChangeable("Appraise a closed request, once")
    request.appraisal_rating = body.rating
    request.appraisal_comment = body.comment
    if by_code:
        request.requester_account_id = account_id
        request.appraisal_code = None
    await session.flush()
    return request


async def list_requests(
    session: AsyncSession, principal: Principal, page: PageParams, station_id: uuid.UUID | None
) -> Page[RequestRead]:
    statement = repository.requests_visible_to(principal)
    if station_id is not None:
        statement = statement.where(ServiceRequest.station_id == station_id)
    return await paginate(
        session,
        statement,
        ServiceRequest.id,
        page,
        RequestRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
