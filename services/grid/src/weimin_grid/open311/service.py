"""Open311 GeoReport v2 over the incident workflow.

A POST is an incident report like any other (incidents.service.report_incident): located to
its grid unit, with the category's SLA, on the grid worker's list, through the same states.
The reporter is the partner client whose `api_key` signed it (its token: audience
`weimin-open311`, scope `open311:requests.write`, the client's area); the person who called
is kept as the incidents service keeps a caller, by name (`caller_name`), and their phone and
e-mail are not kept at all. Reads are public: they show no person, no home, and a position
rounded to about 100 m.
"""

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, cast

from fastapi import Request
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import IncidentState
from weimin_grid.geo.service import IndexCache, locate_point
from weimin_grid.incidents import service as incidents
from weimin_grid.incidents.catalogue import CATEGORIES, Category, ExtraField, extra_field_errors
from weimin_grid.incidents.models import Incident
from weimin_grid.incidents.schemas import IncidentCreate
from weimin_grid.open311 import catalogue, repository
from weimin_grid.open311.form import coordinate, listed, w3_datetime
from weimin_grid.open311.repository import RequestQuery
from weimin_grid.open311.schemas import Open311Error, RequestCreated, ServiceRequest, TokenResolved
from weimin_grid.units.models import GridUnit
from weimin_kit.auth import OPEN311_AUDIENCE, Principal, partner_principal
from weimin_kit.errors import Problem
from weimin_kit.problem_language import Language

OPEN311_SCOPE = "open311:requests.write"
MAX_REQUESTS = 1000
MAX_SPAN = timedelta(days=90)
#: Public positions keep 3 decimals: ~110 m north-south, ~100 m east-west here (25° N).
COORDINATE_DECIMALS = 3
MAX_MEDIA_URL = 500

_AGENCIES = {
    "grid": ("网格员", "the grid worker"),
    "community": ("社区居委会", "the community committee"),
    "street": ("街道办事处", "the street office"),
}


def category_for(code: str | None, status: int = 400) -> Category:
    if not code:
        raise Open311Error.field(400, "service_code", "required")
    category = CATEGORIES.get(code)
    if category is None:
        raise Open311Error.field(status, "service_code", f"no service {code[:20]!r}")
    return category


async def partner_of(request: Request, form: Mapping[str, str]) -> Principal:
    """The partner client whose Open311 key this is (the kit's partner check, for the
    `weimin-open311` audience and scope `open311:requests.write`); 403 otherwise."""
    key = form.get("api_key", "").strip()
    if not key:
        raise Open311Error.field(400, "api_key", "required")
    try:
        return await partner_principal(request, key, [OPEN311_SCOPE], audience=OPEN311_AUDIENCE)
    except Problem as refused:
        reason = refused.detail or refused.title
        raise Open311Error.field(403, "api_key", f"not accepted ({reason})") from None


def _value(spec: ExtraField, text: str) -> Any:
    """A form's attribute text as the category field's type (the check itself is the
    incidents service's, extra_field_errors)."""
    if spec.type == "integer":
        try:
            return int(text.strip())
        except ValueError:
            return text
    if spec.type == "boolean":
        return {"true": True, "false": False}.get(text.strip().lower(), text)
    return text


def attributes(category: Category, form: Mapping[str, str]) -> dict[str, Any]:
    specs = {spec.name: spec for spec in category.fields}
    extra: dict[str, Any] = {}
    for name, text in form.items():
        if name.startswith("attribute[") and name.endswith("]"):
            code = name[len("attribute[") : -1]
            extra[code] = _value(specs[code], text) if code in specs else text
    errors = extra_field_errors(category, extra)
    if errors:
        raise Open311Error(400, [f"{_field(e['field'])}: {e['reason']}" for e in errors])
    return extra


def _field(name: str) -> str:
    """Our field names as the Open311 form's."""
    if name.startswith("body.extra."):
        return f"attribute[{name.removeprefix('body.extra.')}]"
    renamed = {
        "body.location": "lat/long",
        "body.category_code": "service_code",
        "body.title": "description",
        "body.caller_name": "first_name/last_name",
    }
    return renamed.get(name, name.removeprefix("body."))


def open311_error(problem: Problem) -> Open311Error:
    """A problem of the incidents service in Open311's words (a 422 is its 400)."""
    status = 400 if problem.status_code == 422 else problem.status_code
    descriptions = [
        f"{_field(error.get('field', ''))}: {error.get('reason', '')}" for error in problem.errors
    ]
    return Open311Error(status, descriptions or [problem.detail or problem.title])


async def _point(session: AsyncSession, form: Mapping[str, str]) -> tuple[float, float]:
    has_lat, has_long = bool(form.get("lat", "").strip()), bool(form.get("long", "").strip())
    if has_lat or has_long:
        if not (has_lat and has_long):
            raise Open311Error.field(400, "long" if has_lat else "lat", "required with the other")
        return coordinate(form, "long", 180), coordinate(form, "lat", 90)
    address = form.get("address_string", "").strip()
    if not address:
        raise Open311Error.field(400, "lat", "required: lat and long, or address_string")
    point = await repository.address_point(session, address[:300])
    if point is None:
        raise Open311Error.field(
            400, "address_string", "no standard address with this code or full text"
        )
    return point


def _media_url(form: Mapping[str, str]) -> str | None:
    url = form.get("media_url", "").strip()
    if not url:
        return None
    blank_or_control = any(c.isspace() or not c.isprintable() for c in url)
    if len(url) > MAX_MEDIA_URL or not url.startswith(("https://", "http://")) or blank_or_control:
        raise Open311Error.field(
            400, "media_url", f"an http(s) URL of at most {MAX_MEDIA_URL} characters"
        )
    return url


def _report(category: Category, form: Mapping[str, str], lon: float, lat: float) -> IncidentCreate:
    description = form.get("description", "").strip()
    first_line = description.splitlines()[0].strip() if description else ""
    name = " ".join(
        part for part in (form.get("first_name", "").strip(), form.get("last_name", "").strip())
        if part
    )  # fmt: skip
    try:
        return IncidentCreate(
            category_code=category.code,
            title=first_line[:100] or category.name,
            description=description,
            location={"lon": lon, "lat": lat, "crs": "wgs84"},
            channel="partner",
            caller_name=name or None,
            extra=attributes(category, form),
        )
    except ValidationError as invalid:
        # The title is the description's first line: one complaint, named once.
        reasons = [
            f"{_field('body.' + str(error['loc'][0]) if error['loc'] else 'body')}: {error['msg']}"
            for error in invalid.errors()
        ]
        raise Open311Error(400, list(dict.fromkeys(reasons))) from None


async def create_request(
    session: AsyncSession,
    partner: Principal,
    cache: IndexCache,
    form: Mapping[str, str],
    now: datetime,
    language: Language,
) -> RequestCreated:
    category = category_for(form.get("service_code", "").strip())
    lon, lat = await _point(session, form)
    try:
        located = await locate_point(cache, lon, lat, "wgs84", "lat/long", session)
    except Problem as outside:
        raise open311_error(outside) from None
    unit = located.grid_unit
    if not partner.covers(street=unit.street_id, community=unit.community_id, grid=unit.id):
        raise Open311Error.field(403, "lat/long", "outside this client's area")
    body = _report(category, form, lon, lat)
    try:
        incident = await incidents.report_incident(
            session, partner, cache, body, now, media_url=_media_url(form)
        )
    except Problem as refused:
        raise open311_error(refused) from None
    due = incident.due_at.strftime("%Y-%m-%d %H:%M UTC")
    notice = (
        f"Passed to the grid worker of {unit.name}; due by {due}"
        if language == "en"
        else f"已转{unit.name}网格员处理，应于 {due} 前处理"
    )
    return RequestCreated(service_request_id=str(incident.id), service_notice=notice)


def request_query(params: Mapping[str, str], now: datetime) -> RequestQuery:
    """GET requests' filters: `service_request_id` (overrides the others), `service_code`,
    `start_date`/`end_date` (at most 90 days apart; default the last 90) and `status`."""
    ids_text = listed(params, "service_request_id")
    if ids_text:
        return RequestQuery(ids=[_request_id(text) for text in ids_text[:MAX_REQUESTS]])
    codes = listed(params, "service_code")
    for code in codes:
        category_for(code)
    statuses = listed(params, "status")
    for status in statuses:
        if status not in ("open", "closed"):
            raise Open311Error.field(400, "status", f"{status[:20]!r}: use open or closed")
    start, end = w3_datetime(params, "start_date"), w3_datetime(params, "end_date")
    if start is None and end is None:
        end = now
    if start is None:
        start = cast(datetime, end) - MAX_SPAN
    if end is None:
        end = start + MAX_SPAN
    if end < start:
        raise Open311Error.field(400, "end_date", "before start_date")
    if end - start > MAX_SPAN:
        raise Open311Error.field(400, "end_date", "at most 90 days after start_date")
    return RequestQuery(
        codes=codes,
        states=[state for state, status in catalogue.STATUS.items() if status in statuses],
        start=start,
        end=end,
    )


def _request_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise Open311Error.field(
            400, "service_request_id", f"{text[:40]!r} is not a request id"
        ) from None


def public_request(incident: Incident, unit: GridUnit, language: Language) -> ServiceRequest:
    """What anyone may read: no reporter or caller, no home, the grid unit for an address."""
    english = language == "en"
    state = cast(IncidentState, incident.state)
    category = CATEGORIES[incident.category_code]
    agency = _AGENCIES.get(incident.level, _AGENCIES["grid"])
    return ServiceRequest(
        service_request_id=str(incident.id),
        status=catalogue.STATUS[state],
        status_notes=catalogue.STATUS_NOTES[state][1 if english else 0],
        service_name=category.name_en if english else category.name,
        service_code=incident.category_code,
        description=incident.description or incident.title,
        agency_responsible=f"{agency[1]} of {unit.name}" if english else f"{unit.name}{agency[0]}",
        service_notice=None,
        requested_datetime=incident.created_at.isoformat(),
        updated_datetime=incident.updated_at.isoformat(),
        expected_datetime=incident.due_at.isoformat(),
        address=unit.name,
        lat=round(incident.lat, COORDINATE_DECIMALS),
        long=round(incident.lon, COORDINATE_DECIMALS),
        media_url=incident.media_url,
    )


async def list_requests(
    session: AsyncSession, params: Mapping[str, str], now: datetime, language: Language
) -> list[ServiceRequest]:
    query = request_query(params, now)
    found = await repository.public_requests(session, query, catalogue.PRIVATE_CATEGORIES)
    return [public_request(incident, unit, language) for incident, unit in found]


async def get_request(session: AsyncSession, request_id: str, language: Language) -> ServiceRequest:
    try:
        wanted = uuid.UUID(request_id)
    except ValueError:
        wanted = None
    found = (
        []
        if wanted is None
        else await repository.public_requests(
            session, RequestQuery(ids=[wanted], limit=1), catalogue.PRIVATE_CATEGORIES
        )
    )
    if not found:
        raise Open311Error.field(404, "service_request_id", "no such request")
    return public_request(*found[0], language)


async def resolve_token(session: AsyncSession, token: str) -> TokenResolved:
    """We create requests at once and answer their id, so the token of a request is its
    id: a token we never issued (or of a request not public) is 404."""
    try:
        found = await get_request(session, token, "en")
    except Open311Error:
        raise Open311Error.field(404, "token", "no such token") from None
    return TokenResolved(service_request_id=found.service_request_id, token=token)
