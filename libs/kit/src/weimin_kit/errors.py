"""RFC 9457 problem details for every error path, each with a stable machine `code`.

Domain errors are small subclasses of `Problem` carrying `status_code` and `code`; the
handlers installed by `install_error_handlers` turn them, validation failures, unknown
routes, wrong methods, constraint violations and unexpected exceptions into
`application/problem+json`. A 500 never carries internals: the trace goes to the log, the
client gets the request id to quote.

Every problem is told in the caller's language (`weimin_kit.problem_language`: zh-CN
unless Accept-Language prefers en): each class has an English `title` and a `title_zh`;
a detail given in both languages (`detail_zh=`) follows the choice, a detail given only
in English stays English; validation failures name each field and its reason in the
chosen language. The response says which in `Content-Language`.
"""

import logging
from collections.abc import Callable, Mapping, Sequence
from http import HTTPStatus
from typing import Any, ClassVar, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from weimin_kit.problem_language import Language, negotiate_language, validation_reason
from weimin_kit.requestid import current_request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEMS_ATTRIBUTE = "__problems__"
F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("weimin.errors")


class Problem(Exception):
    status_code: ClassVar[int] = 400
    code: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"
    title_zh: ClassVar[str] = "请求有误"

    def __init__(
        self,
        detail: str | None = None,
        *,
        detail_zh: str | None = None,
        errors: Sequence[Mapping[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.detail_zh = detail_zh
        self.errors = list(errors or [])
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})


def raises(*classes: type[Problem]) -> Callable[[F], F]:
    """Marks a dependency with the problems it raises: every route depending on it, however
    indirectly, declares them in its OpenAPI (see weimin_kit.problems)."""

    def mark(function: F) -> F:
        already = getattr(function, PROBLEMS_ATTRIBUTE, ())
        setattr(function, PROBLEMS_ATTRIBUTE, (*already, *classes))
        return function

    return mark


class NotFound(Problem):
    status_code = 404
    code = "not-found"
    title = "Not found"
    title_zh = "未找到"


class Conflict(Problem):
    status_code = 409
    code = "conflict"
    title = "Conflict"
    title_zh = "与现有数据冲突"


class Forbidden(Problem):
    status_code = 403
    code = "forbidden"
    title = "Forbidden"
    title_zh = "无权进行此操作"


class Unauthenticated(Problem):
    status_code = 401
    code = "unauthenticated"
    title = "Authentication required"
    title_zh = "需要登录"

    def __init__(self, detail: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kwargs)


class TokenExpired(Unauthenticated):
    code = "token-expired"
    title = "Token expired"
    title_zh = "登录已过期"


class SessionRevoked(Unauthenticated):
    code = "session-revoked"
    title = "This sign-in was revoked; sign in again"
    title_zh = "此次登录已被撤销，请重新登录"


class PreconditionFailed(Problem):
    status_code = 412
    code = "precondition-failed"
    title = "Precondition failed"
    title_zh = "数据已被修改，版本不符"


class RateLimited(Problem):
    status_code = 429
    code = "rate-limited"
    title = "Too many requests"
    title_zh = "请求过于频繁"

    def __init__(self, retry_after_seconds: int, detail: str | None = None) -> None:
        super().__init__(
            detail or f"Try again in {retry_after_seconds} s",
            detail_zh=None if detail else f"请 {retry_after_seconds} 秒后再试",
            headers={"Retry-After": str(retry_after_seconds)},
            extra={"retry_after": retry_after_seconds},
        )


class InvalidInput(Problem):
    """A rule about one field that a schema cannot express (checksum, uniqueness, range)."""

    status_code = 422
    code = "validation-failed"
    title = "Invalid input"
    title_zh = "输入无效"

    @classmethod
    def field(
        cls, field: str, reason: str, code: str = "invalid", *, reason_zh: str | None = None
    ) -> "InvalidInput":
        """`reason_zh`: the reason for zh-CN callers (the English one is used without it)."""
        entry = {"field": field, "reason": reason, "code": code}
        if reason_zh:
            entry["reason_zh"] = reason_zh
        return cls(
            f"{field}: {reason}",
            detail_zh=f"{field}：{reason_zh}" if reason_zh else None,
            errors=[entry],
        )


# Codes answered without a Problem class of their own: (English title, zh-CN title).
_HTTP_TITLES: dict[str, tuple[str, str]] = {
    "method-not-allowed": ("Method Not Allowed", "不支持该请求方法"),
    "not-acceptable": ("Not Acceptable", "无法提供所要求的格式"),
    "unsupported-media-type": ("Unsupported Media Type", "不支持的内容类型"),
    "internal-error": ("Internal error", "服务器内部错误"),
    # The gateway's own (weimin_gateway.proxy), answered in front of every operation.
    "upstream-unavailable": ("Service unavailable", "服务暂时不可用"),
    "upstream-timeout": ("Service timed out", "服务响应超时"),
}


def problem_classes() -> dict[str, type[Problem]]:
    """Every Problem class that names a code of its own, by code (the catalogue the
    OpenAPI declarations and the zh-CN titles are checked against)."""
    found: dict[str, type[Problem]] = {}
    pending: list[type[Problem]] = [Problem]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if "code" in cls.__dict__:
            found.setdefault(cls.code, cls)
    return found


def zh_title(cls: type[Problem]) -> str:
    """The zh-CN title of the class that names `cls`'s code (English where it has none: a
    class with a code of its own must not borrow its parent's Chinese title)."""
    for owner in cls.__mro__:
        if "code" in owner.__dict__:
            own = owner.__dict__.get("title_zh")
            return own if isinstance(own, str) else cls.title
    return cls.title


def problem_titles() -> dict[str, tuple[str, str]]:
    """code → (English title, zh-CN title) for every code a service can answer with."""
    titles = dict(_HTTP_TITLES)
    for code, cls in problem_classes().items():
        titles[code] = (cls.title, zh_title(cls))
    return titles


def request_language(request: Request | None) -> Language:
    return negotiate_language(request.headers.get("accept-language") if request else None)


def problem_response(
    request: Request | None,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    *,
    title_zh: str | None = None,
    detail_zh: str | None = None,
    errors: Sequence[Mapping[str, str]] = (),
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JSONResponse:
    """The problem+json response in the caller's language. `title` and `detail` are the
    English texts; zh-CN takes `title_zh` or the catalogue's for `code`, `detail_zh` if given,
    the zh-CN title when the detail only repeats the title, else the English detail."""
    language = request_language(request)
    if language == "zh-CN":
        shown_title = title_zh or problem_titles().get(code, (title, title))[1]
        if detail_zh:
            shown_detail = detail_zh
        elif detail is None or detail == title:
            shown_detail = shown_title
        else:
            shown_detail = detail
    else:
        shown_title, shown_detail = title, detail or title
    body: dict[str, Any] = {
        "type": f"/problems/{code}",
        "title": shown_title,
        "status": status,
        "code": code,
        "detail": shown_detail,
    }
    if request is not None:
        body["instance"] = request.url.path
    request_id = current_request_id()
    if request_id:
        body["request_id"] = request_id
    if errors:
        body["errors"] = [_field_problem(e, language) for e in errors]
    if extra:
        body.update(extra)
    response_headers = {**(headers or {}), "Content-Language": language}
    return JSONResponse(
        body, status_code=status, headers=response_headers, media_type=PROBLEM_MEDIA_TYPE
    )


def _field_problem(error: Mapping[str, str], language: Language) -> dict[str, str]:
    shown = {k: v for k, v in error.items() if k != "reason_zh"}
    if language == "zh-CN" and error.get("reason_zh"):
        shown["reason"] = error["reason_zh"]
    return shown


def response_for(request: Request | None, problem: Problem) -> JSONResponse:
    return problem_response(
        request,
        problem.status_code,
        problem.code,
        problem.title,
        problem.detail,
        title_zh=zh_title(type(problem)),
        detail_zh=problem.detail_zh,
        errors=problem.errors,
        headers=problem.headers,
        extra=problem.extra,
    )


def _field_name(location: Sequence[Any]) -> str:
    return ".".join(str(part) for part in location) or "body"


def validation_errors(
    exc: RequestValidationError, language: Language = "en"
) -> list[dict[str, str]]:
    errors = []
    for error in exc.errors():
        reason = validation_reason(error, language)
        code = str(error.get("type", "invalid"))
        errors.append({"field": _field_name(error.get("loc", ())), "reason": reason, "code": code})
    return errors


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return response_for(request, exc)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    english = validation_errors(exc, "en")
    chinese = validation_errors(exc, "zh-CN")
    errors = [{**en, "reason_zh": zh["reason"]} for en, zh in zip(english, chinese, strict=True)]
    return problem_response(
        request,
        422,
        "validation-failed",
        InvalidInput.title,
        "; ".join(f"{e['field']}: {e['reason']}" for e in english),
        detail_zh="；".join(f"{e['field']}：{e['reason']}" for e in chinese),
        errors=errors,
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
    detail_zh = None
    if status == 404 and detail == "Not Found":
        detail = f"No resource at {request.url.path}"
        detail_zh = f"{request.url.path} 处没有资源"
    return problem_response(
        request, status, code, title, detail, detail_zh=detail_zh, headers=exc.headers
    )


async def _on_integrity_error(request: Request, exc: Exception) -> JSONResponse:
    # A constraint the service did not check first (usually a race): the write is rolled
    # back by the session dependency; the constraint name is safe to show, values are not.
    log.warning("integrity error", extra={"error_class": type(exc).__name__})
    return problem_response(
        request,
        409,
        "conflict",
        "Conflict",
        "The change conflicts with existing data",
        detail_zh="此更改与现有数据冲突",
    )


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return problem_response(
        request,
        500,
        "internal-error",
        "Internal error",
        "Something went wrong on our side; quote the request id if you report it",
        detail_zh="服务器出错了；报告问题时请提供请求编号（request_id）",
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
    title_zh = "需要 If-Match 版本号"
