"""Make the generated OpenAPI document tell the truth about errors: every operation's
failures are `application/problem+json` (FastAPI would advertise its own 422 shape), one
response per status with the problem codes it can carry (`weimin_kit.problems`)."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from weimin_kit.problems import describe_problems

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details with a stable machine code",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "request_id": {"type": "string"},
        "retry_after": {"type": "integer"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "title": "FieldProblem",
                "required": ["field", "reason", "code"],
                "properties": {
                    "field": {"type": "string"},
                    "reason": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
}
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_PROBLEM_RESPONSE = {"content": {"application/problem+json": {"schema": _PROBLEM_REF}}}


def problem_aware_openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = original()
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["Problem"] = PROBLEM_SCHEMA
        for path_item in document.get("paths", {}).values():
            for operation in path_item.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                responses = operation["responses"]
                responses.pop("422", None)  # FastAPI's own shape; describe_problems writes ours
                responses.setdefault("default", {"description": "Error", **_PROBLEM_RESPONSE})
        describe_problems(document, app.routes)
        app.openapi_schema = document
        return document

    return openapi
