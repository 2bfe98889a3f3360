"""Which problems each operation can answer with, declared on the route and published in
its OpenAPI: `responses=problems(WishNotFound, WishAlreadyClaimed)`.

A route declares the problems its own code raises. The kit adds those its mechanisms raise
wherever the mechanism is present (`implied_problems`):

- every operation: `validation-failed` (422) and `internal-error` (500), and what the
  gateway in front of it answers: `rate-limited` (429), `upstream-unavailable` (502),
  `upstream-timeout` (504);
- POST, PUT, PATCH: `payload-too-large` (413, the body limit);
- POST, PUT, PATCH, DELETE: `conflict` (409, a constraint the write broke in a race);
- POST, PATCH: the idempotency codes (an `Idempotency-Key` header may be sent);
- a dependency marked with `@raises(...)` anywhere in the route's dependency tree: its
  problems (the signed-in caller: 401 `unauthenticated`, `token-expired`,
  `session-revoked`; a role check: 403 `forbidden`; a second-factor check: 403
  `second-factor-sign-in-required`);
- an `If-Match` header parameter: 428 `precondition-required`, 412 `precondition-failed`.

Each status's response lists its codes in `x-problem-codes` and as an `enum` on the
problem's `code`, so generated clients and the SPA's texts know them; the tests fail on
any answered code the route's operation does not list (`weimin_kit.testing`).
"""

from collections.abc import Iterable, Iterator, Mapping
from http import HTTPStatus
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from weimin_kit.errors import (
    PROBLEM_MEDIA_TYPE,
    PROBLEMS_ATTRIBUTE,
    Conflict,
    InvalidInput,
    PreconditionFailed,
    PreconditionRequired,
    Problem,
)
from weimin_kit.idempotency import (
    IdempotencyInProgress,
    IdempotencyKeyInvalid,
    IdempotencyKeyReused,
)
from weimin_kit.limits import PayloadTooLarge

CODES_EXTENSION = "x-problem-codes"
INTERNAL_ERROR = (500, "internal-error")
# Answered in front of every operation by the gateway (weimin_gateway.proxy, rate limits).
GATEWAY_PROBLEMS = frozenset(
    {(429, "rate-limited"), (502, "upstream-unavailable"), (504, "upstream-timeout")}
)

# Codes on the route itself: (status, code) pairs, also for codes with no class of their own.
StatusCode = tuple[int, str]


def problems(
    *classes: type[Problem], also: Mapping[int | str, dict[str, Any]] | None = None
) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route decorator declaring the problems its code raises;
    `also`: the route's other documented responses (a 200 with another media type...)."""
    by_status: dict[int, list[str]] = {}
    for cls in classes:
        by_status.setdefault(cls.status_code, []).append(cls.code)
    declared: dict[int | str, dict[str, Any]] = {
        status: {"description": _phrase(status), CODES_EXTENSION: sorted(set(codes))}
        for status, codes in by_status.items()
    }
    return {**(also or {}), **declared}


# An APIRoute, or the context FastAPI wraps an included router's APIRoute in (it answers
# the same attributes, with the including router's prefix and dependencies applied).
RouteLike = Any


def api_routes(routes: Iterable[Any]) -> Iterator[RouteLike]:
    """Every API route of an app's `routes`, as FastAPI serves it."""
    for context in iter_route_contexts(list(routes)):
        if isinstance(context.original_route, APIRoute):
            yield context


def implied_problems(route: RouteLike, method: str) -> set[StatusCode]:
    """What the kit's mechanisms can answer on this route (see the module's docstring)."""
    found: set[StatusCode] = {INTERNAL_ERROR, _pair(InvalidInput), *GATEWAY_PROBLEMS}
    if method in {"POST", "PUT", "PATCH"}:
        found.add(_pair(PayloadTooLarge))
    if method in {"POST", "PUT", "PATCH", "DELETE"}:
        found.add(_pair(Conflict))
    if method in {"POST", "PATCH"}:
        found |= {
            _pair(c) for c in (IdempotencyKeyInvalid, IdempotencyKeyReused, IdempotencyInProgress)
        }
    for dependant in _dependants(route.dependant):
        marked: Iterable[type[Problem]] = getattr(dependant.call, PROBLEMS_ATTRIBUTE, ())
        found |= {_pair(c) for c in marked}
        if any(_header_name(p) == "if-match" for p in dependant.header_params):
            found |= {_pair(PreconditionRequired), _pair(PreconditionFailed)}
    return found


def declared_problems(route: RouteLike) -> set[StatusCode]:
    found: set[StatusCode] = set()
    for status, response in route.responses.items():
        for code in response.get(CODES_EXTENSION, ()) if isinstance(response, dict) else ():
            found.add((int(status), code))
    return found


def operation_problems(route: RouteLike, method: str) -> set[StatusCode]:
    return declared_problems(route) | implied_problems(route, method)


def describe_problems(document: dict[str, Any], routes: Iterable[Any]) -> None:
    """Writes each operation's problem responses into the OpenAPI `document`."""
    paths = document.get("paths", {})
    for route in api_routes(routes):
        if not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = paths.get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            by_status: dict[int, set[str]] = {}
            for status, code in operation_problems(route, method):
                by_status.setdefault(status, set()).add(code)
            for status, codes in sorted(by_status.items()):
                responses[str(status)] = problem_response_schema(status, sorted(codes))


def problem_response_schema(status: int, codes: list[str]) -> dict[str, Any]:
    schema = {
        "allOf": [
            {"$ref": "#/components/schemas/Problem"},
            {"type": "object", "properties": {"code": {"type": "string", "enum": codes}}},
        ]
    }
    return {
        "description": _phrase(status),
        "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}},
        CODES_EXTENSION: codes,
    }


def _dependants(root: Dependant) -> Iterator[Dependant]:
    pending = [root]
    while pending:
        dependant = pending.pop()
        yield dependant
        pending.extend(dependant.dependencies)


def _header_name(param: Any) -> str:
    alias = getattr(param, "alias", None) or param.name
    return str(alias).replace("_", "-").lower()


def _pair(cls: type[Problem]) -> StatusCode:
    return (cls.status_code, cls.code)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
