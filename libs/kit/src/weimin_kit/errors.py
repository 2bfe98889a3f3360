"""RFC 9457 problem details for every error path, each with a stable machine `code`.

Domain errors are small subclasses of `Problem` carrying `status_code` and `code`; the
handlers installed by `install_error_handlers` turn them, validation failures, unknown
routes, wrong methods, constraint violations and unexpected exceptions into
`application/problem+json`. A 500 never carries internals: the trace goes to the log, the
client gets the request id to quote.
"""

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from weimin_kit.requestid import current_request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("weimin.errors")


class Problem(Exception):
    status_code: ClassVar[int] = 400
    code: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: Sequence[Mapping[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.errors = list(errors or [])
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})


class NotFound(Problem):
    status_code = 404
    code = "not-found"
    title = "Not found"


class Conflict(Problem):
    status_code = 409
    code = "conflict"
    title = "Conflict"


class Forbidden(Problem):
    status_code = 403
    code = "forbidden"
    title = "Forbidden"


class Unauthenticated(Problem):
    status_code = 401
    code = "unauthenticated"
    title = "Authentication required"

    def __init__(self, detail: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kwargs)


class TokenExpired(Unauthenticated):
    code = "token-expired"
    title = "Token expired"


class PreconditionFailed(Problem):
    status_code = 412
    code = "precondition-failed"
    title = "Precondition failed"


class RateLimited(Problem):
    status_code = 429
    code = "rate-limited"
    title = "Too many requests"

    def __init__(self, retry_after_seconds: int, detail: str | None = None) -> None:
        super().__init__(
            detail or f"Try again in {retry_after_seconds} s",
            headers={"Retry-After": str(retry_after_seconds)},
            extra={"retry_after": retry_after_seconds},
        )


class InvalidInput(Problem):
    """A rule about one field that a schema cannot express (checksum, uniqueness, range)."""

    status_code = 422
    code = "validation-failed"
    title = "Invalid input"

    @classmethod
    def field(cls, field: str, reason: str, code: str = "invalid") -> "InvalidInput":
        return cls(f"{field}: {reason}", errors=[{"field": field, "reason": reason, "code": code}])


def problem_response(
    request: Request | None,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    *,
    errors: Sequence[Mapping[str, str]] = (),
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"/problems/{code}",
        "title": title,
        "status": status,
        "code": code,
        "detail": detail or title,
    }
    if request is not None:
        body["instance"] = request.url.path
    request_id = current_request_id()
    if request_id:
        body["request_id"] = request_id
    if errors:
        body["errors"] = list(errors)
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def _field_name(location: Sequence[Any]) -> str:
    return ".".join(str(part) for part in location) or "body"


def validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    errors = []
    for error in exc.errors():
        reason = str(error.get("msg", "invalid"))
        code = str(error.get("type", "invalid"))
        errors.append({"field": _field_name(error.get("loc", ())), "reason": reason, "code": code})
    return errors


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(
        request,
        exc.status_code,
        exc.code,
        exc.title,
        exc.detail,
        errors=exc.errors,
        headers=exc.headers,
        extra=exc.extra,
    )


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(exc)
    detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
    return problem_response(
        request, 422, "validation-failed", "Invalid input", detail, errors=errors
    )


_HTTP_CODES = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
}


async def _on_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    code = _HTTP_CODES.get(status, f"http-{status}")
    title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    detail = exc.detail if isinstance(exc.detail, str) else title
    if status == 404 and detail == "Not Found":
        detail = f"No resource at {request.url.path}"
    return problem_response(request, status, code, title, detail, headers=exc.headers)


async def _on_integrity_error(request: Request, exc: Exception) -> JSONResponse:
    # A constraint the service did not check first (usually a race): the write is rolled
    # back by the session dependency; the constraint name is safe to show, values are not.
    log.warning("integrity error", extra={"error_class": type(exc).__name__})
    return problem_response(
        request, 409, "conflict", "Conflict", "The change conflicts with existing data"
    )


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return problem_response(
        request,
        500,
        "internal-error",
        "Internal error",
        "Something went wrong on our side; quote the request id if you report it",
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(IntegrityError, _on_integrity_error)
    app.add_exception_handler(Exception, _on_unexpected)


class PreconditionRequired(Problem):
    status_code = 428
    code = "precondition-required"
    title = "If-Match is required"
