from collections.abc import AsyncIterator
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Body, FastAPI, Request

from weimin_kit.errors import install_error_handlers
from weimin_kit.limits import BodyLimitMiddleware, json_depth_exceeds

LIMIT = 4096
UPLOAD_LIMIT = 16 * 1024


def _app(calls: list[str]) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/items")
    async def items(body: Annotated[Any, Body()]) -> dict[str, str]:
        calls.append("items")
        return {"type": type(body).__name__}

    @app.post("/uploads/photo")
    async def upload(request: Request) -> dict[str, int]:
        calls.append("upload")
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
        return {"size": size}

    app.add_middleware(
        BodyLimitMiddleware,
        max_body_bytes=LIMIT,
        route_limits={"/uploads/": UPLOAD_LIMIT},
        max_json_depth=8,
    )
    return app


async def _post(path: str, calls: list[str], **kwargs: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=_app(calls))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.post(path, **kwargs)


def _chunks(count: int, size: int) -> AsyncIterator[bytes]:
    async def generate() -> AsyncIterator[bytes]:
        for _ in range(count):
            yield b"a" * size

    return generate()


async def test_declared_length_over_the_limit_is_refused_before_the_route_runs() -> None:
    calls: list[str] = []
    response = await _post("/items", calls, content=b"[" + b"1," * LIMIT + b"1]")
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "payload-too-large"
    assert response.json()["max_bytes"] == LIMIT
    assert response.json()["detail"] == "body：此处最多可提交 4 KiB"  # zh-CN by default
    assert calls == []


async def test_streamed_body_is_refused_as_soon_as_it_passes_the_limit() -> None:
    calls: list[str] = []
    response = await _post(
        "/items", calls, content=_chunks(10, 1024), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert calls == []


async def test_a_stream_read_by_the_route_is_cut_off_at_the_route_limit() -> None:
    calls: list[str] = []
    response = await _post(
        "/uploads/photo",
        calls,
        content=_chunks(20, 1024),
        headers={"Content-Type": "image/jpeg"},
    )
    assert response.status_code == 413
    assert response.json()["max_bytes"] == UPLOAD_LIMIT
    assert calls == ["upload"]  # it started reading; its answer gave way to the 413


async def test_upload_route_takes_more_than_the_default_limit() -> None:
    calls: list[str] = []
    response = await _post(
        "/uploads/photo", calls, content=b"j" * (12 * 1024), headers={"Content-Type": "image/jpeg"}
    )
    assert response.status_code == 200
    assert response.json() == {"size": 12 * 1024}


async def test_small_json_passes_through_unchanged() -> None:
    calls: list[str] = []
    response = await _post("/items", calls, json={"a": [1, 2, {"b": "[[[[[[[[[[[["}]})
    assert response.status_code == 200
    assert response.json() == {"type": "dict"}


async def test_json_nested_deeper_than_the_cap_is_refused() -> None:
    calls: list[str] = []
    response = await _post("/items", calls, content=b"[" * 9 + b"]" * 9)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body", "reason": "嵌套超过 8 层", "code": "too-deep"}
    ]
    assert calls == []
    at_the_cap = await _post("/items", calls, content=b"[" * 8 + b"]" * 8)
    assert at_the_cap.status_code == 200


async def test_a_second_content_type_does_not_hide_deep_json() -> None:
    calls: list[str] = []
    response = await _post(
        "/items",
        calls,
        content=b"[" * 9 + b"]" * 9,
        headers=[("Content-Type", "application/json"), ("Content-Type", "text/plain")],
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "too-deep"
    assert calls == []


@pytest.mark.parametrize(
    ("text", "exceeds"),
    [
        (b'{"a": {"b": {"c": 1}}}', False),
        (b'{"a": {"b": {"c": {"d": 1}}}}', True),
        (b'["[[[[[[", "{{{{{{{"]', False),  # brackets inside strings are text
        (b'["\\"[[[[[[[[", [[1]]]', False),  # an escaped quote does not end the string
        (b"[[[[", True),  # unclosed: still too deep
        (b"[1, [2], [3], [4], [5], [6]]", False),  # many brackets, shallow
    ],
)
def test_depth_is_measured_outside_strings(text: bytes, exceeds: bool) -> None:
    assert json_depth_exceeds(text, 3) is exceeds
