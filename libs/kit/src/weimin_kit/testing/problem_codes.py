"""Every problem a service's test receives must be one its operation declares.

The service fixtures' client runs `check_declared` on each response: a problem+json
answer whose (status, code) is not listed under that operation's responses in the app's
own OpenAPI fails the test that made the request. Requests no route serves (an unknown
path, a wrong method) are the router's business and not checked.

With WEIMIN_PROBLEM_CODES_LOG=<file> the check records each undeclared answer there as a
JSON line instead of failing, for surveying a whole suite at once.
"""

import inspect
import json
import os
import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from fastapi import FastAPI

from weimin_kit.errors import PROBLEM_MEDIA_TYPE, Problem, problem_classes, problem_titles
from weimin_kit.problems import CODES_EXTENSION, RouteLike, api_routes, operation_problems

LOG_VARIABLE = "WEIMIN_PROBLEM_CODES_LOG"


class UndeclaredProblem(AssertionError):
    """A route answered with a problem code its OpenAPI operation does not declare."""


def route_for(app: FastAPI, method: str, path: str) -> RouteLike | None:
    """The API route that serves `method path` (the first that matches, as routing does)."""
    for route in api_routes(app.routes):
        if method in (route.methods or ()) and _path_pattern(route.path_format).fullmatch(path):
            return route
    return None


def declared_codes(app: FastAPI, route: RouteLike, method: str, status: int) -> list[str]:
    """The codes the app's OpenAPI lists for the operation and status (for a route kept out
    of the document, those it would list)."""
    if not route.include_in_schema:
        return [code for s, code in operation_problems(route, method) if s == status]
    operation = app.openapi()["paths"].get(route.path_format, {}).get(method.lower(), {})
    response = operation.get("responses", {}).get(str(status), {})
    return list(response.get(CODES_EXTENSION, []))


def check_declared(app: FastAPI) -> Callable[[httpx.Response], Awaitable[None]]:
    async def check(response: httpx.Response) -> None:
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        if response.status_code < 400 or media_type != PROBLEM_MEDIA_TYPE:
            return
        await response.aread()
        code = response.json().get("code")
        method, path = response.request.method, response.request.url.path
        route = route_for(app, method, path)
        if route is None or code in declared_codes(app, route, method, response.status_code):
            return
        endpoint = route.endpoint
        record: dict[str, Any] = {
            "method": method,
            "path": route.path_format,
            "status": response.status_code,
            "code": code,
            "module": getattr(endpoint, "__module__", ""),
            "function": getattr(endpoint, "__qualname__", ""),
        }
        log_file = os.environ.get(LOG_VARIABLE)
        if log_file:
            _append(log_file, record)
            return
        raise UndeclaredProblem(
            f"{method} {route.path_format} answered {response.status_code} {code!r}, which "
            f"its operation does not declare: add it to the route's responses=problems(...)"
        )

    return check


def _append(log_file: str, record: dict[str, Any]) -> None:
    # A survey aid only: a small blocking write is fine inside a test.
    with open(log_file, "a", encoding="utf-8") as log:
        log.write(json.dumps(record) + "\n")


def _path_pattern(path_format: str) -> re.Pattern[str]:
    pattern = ""
    for literal, name in re.findall(r"([^{]*)(?:\{([^}]*)\})?", path_format):
        pattern += re.escape(literal)
        if name:
            pattern += ".+" if name.endswith(":path") else "[^/]+"
    return re.compile(pattern)


def declaration_faults(app: FastAPI, package: str) -> list[str]:
    """What is wrong with a service's error declarations, for its static test:

    - a declared code no Problem class (or kit handler) answers with;
    - a route raising, in its own body, a problem class it does not declare;
    - a problem class of `package` no route declares (dead, or raised undeclared);
    - a problem class of `package` without a zh-CN title.
    """
    catalogue = problem_titles()
    faults: list[str] = []
    declared_anywhere: set[str] = set()
    for route in api_routes(app.routes):
        for method in route.methods or ():
            codes = {code for _, code in operation_problems(route, method)}
            declared_anywhere |= codes
            where = f"{method} {route.path_format}"
            faults += [f"{where} declares unknown code {c!r}" for c in codes - set(catalogue)]
            for cls in raised_in_body(route.endpoint):
                if cls.code not in codes:
                    faults.append(f"{where} raises {cls.__name__} ({cls.code}) undeclared")
    for code, cls in problem_classes().items():
        if not cls.__module__.startswith(package + "."):
            continue
        if code not in declared_anywhere:
            faults.append(f"{cls.__name__} ({code}) is declared by no route")
        if "title_zh" not in cls.__dict__:
            faults.append(f"{cls.__name__} ({code}) has no zh-CN title (title_zh)")
    return faults


def raised_in_body(endpoint: Callable[..., Any]) -> list[type[Problem]]:
    """The problem classes a route function raises by name in its own body."""
    try:
        source = inspect.getsource(endpoint)
    except (OSError, TypeError):
        return []
    found = []
    for name in re.findall(r"raise\s+(\w+)", source):
        candidate = getattr(endpoint, "__globals__", {}).get(name)
        if isinstance(candidate, type) and issubclass(candidate, Problem):
            found.append(candidate)
    return found
