"""`/open311/v2`: GeoReport v2 in JSON or XML (the path's ending chooses).

Answers and errors are the specification's, not our problem+json: an error is a list of
`{code, description}` (`<errors><error>…` in XML) with the HTTP status as its code. Reads
need no key; a POST carries the client's `api_key` in its form.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request, Response

from weimin_grid.geo.service import IndexCacheDep
from weimin_grid.integration.partners import note_partner
from weimin_grid.open311 import catalogue, service
from weimin_grid.open311.form import parse_form
from weimin_grid.open311.formats import Format, error_response, parse_format, render
from weimin_grid.open311.schemas import REQUESTS_XML, SERVICES_XML, Open311Error
from weimin_kit.clock import Now
from weimin_kit.db import ReadSessionDep, SessionDep
from weimin_kit.errors import request_language

router = APIRouter(prefix="/open311/v2", tags=["open311"])

_FORMAT = {"description": "json or xml", "enum": ["json", "xml"]}
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": f"{meaning}: the specification's error list, "
        "[{code, description}] or <errors><error><code/><description/></error></errors>",
        "content": {"application/json": {}, "text/xml": {}},
    }
    for status, meaning in (
        (400, "a field missing or invalid (named in the description)"),
        (403, "api_key refused, or the place outside the client's area"),
        (404, "no such service, request, token or format"),
    )
}
_DOCUMENT: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, "text/xml": {}}}
}


async def _answer(fmt_text: str, make: Callable[[Format], Awaitable[Response]]) -> Response:
    """The answer in the asked format, or the specification's error in it."""
    fmt: Format = "xml" if fmt_text == "xml" else "json"  # an unknown format's 404: JSON
    try:
        return await make(parse_format(fmt_text))
    except Open311Error as error:
        return error_response(fmt, error)


@router.get("/services.{fmt}", responses={**_DOCUMENT, **_ERRORS})
async def list_services(fmt: str, request: Request) -> Response:
    """Every incident category as a service (`metadata` true when it has attributes)."""
    language = request_language(request)

    async def make(chosen: Format) -> Response:
        body = [s.document() for s in catalogue.services(language)]
        return render(chosen, body, SERVICES_XML)

    return await _answer(fmt, make)


@router.get("/services/{service_code}.{fmt}", responses={**_DOCUMENT, **_ERRORS})
async def service_definition(service_code: str, fmt: str, request: Request) -> Response:
    """A category's extra fields as attributes (an empty list when it has none)."""
    language = request_language(request)

    async def make(chosen: Format) -> Response:
        category = service.category_for(service_code, status=404)
        body = catalogue.definition(category, language).document()
        return render(chosen, body, ("service_definition", None))

    return await _answer(fmt, make)


@router.post(
    "/requests.{fmt}",
    status_code=201,
    responses={201: {"content": {"application/json": {}, "text/xml": {}}}, **_ERRORS},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "required": ["api_key", "service_code"],
                        "properties": {
                            name: {"type": "string"}
                            for name in (
                                "api_key", "service_code", "lat", "long", "address_string",
                                "description", "first_name", "last_name", "email", "phone",
                                "media_url", "device_id", "account_id", "jurisdiction_id",
                            )
                        },
                        "additionalProperties": {
                            "type": "string",
                            "description": "attribute[<code>]: a service attribute's value",
                        },
                    }
                }
            },
        }
    },
)  # fmt: skip
async def create_request(
    fmt: str, request: Request, session: SessionDep, cache: IndexCacheDep, now: Now
) -> Response:
    """Reports an incident in the client's area: `service_code`, `lat`+`long` or
    `address_string` (a standard address's code or full text), `description`,
    `attribute[code]`, and the caller's `first_name`/`last_name` (kept as the caller's
    name; `email` and `phone` are not kept). Answers `[{service_request_id,
    service_notice, account_id}]`."""
    language = request_language(request)

    async def make(chosen: Format) -> Response:
        form = parse_form(request.headers.get("content-type"), await request.body())
        partner = await service.partner_of(request, form)
        note_partner(request, partner)
        created = await service.create_request(session, partner, cache, form, now, language)
        return render(chosen, [created.document()], REQUESTS_XML, 201)

    return await _answer(fmt, make)


@router.get("/requests.{fmt}", responses={**_DOCUMENT, **_ERRORS})
async def list_requests(fmt: str, request: Request, session: ReadSessionDep, now: Now) -> Response:
    """Public: `service_request_id` (comma-separated; overrides the rest), `service_code`,
    `start_date`, `end_date` (W3C; at most 90 days apart, default the last 90), `status`
    (open, closed); newest first, at most 1,000. No reporter, no home; positions rounded
    to 3 decimals (~100 m)."""
    language = request_language(request)

    async def make(chosen: Format) -> Response:
        found = await service.list_requests(session, request.query_params, now, language)
        return render(chosen, [r.document() for r in found], REQUESTS_XML)

    return await _answer(fmt, make)


@router.get("/requests/{service_request_id}.{fmt}", responses={**_DOCUMENT, **_ERRORS})
async def get_request(
    service_request_id: str, fmt: str, request: Request, session: ReadSessionDep
) -> Response:
    """One request, as a list of one (the specification's form)."""
    language = request_language(request)

    async def make(chosen: Format) -> Response:
        found = await service.get_request(session, service_request_id, language)
        return render(chosen, [found.document()], REQUESTS_XML)

    return await _answer(fmt, make)


@router.get("/tokens/{token}.{fmt}", responses={**_DOCUMENT, **_ERRORS})
async def resolve_token(token: str, fmt: str, session: ReadSessionDep) -> Response:
    """The request a token stands for. We answer the id at once when a request is posted,
    so a request's token is its id."""

    async def make(chosen: Format) -> Response:
        resolved = await service.resolve_token(session, token)
        return render(chosen, [resolved.document()], REQUESTS_XML)

    return await _answer(fmt, make)
