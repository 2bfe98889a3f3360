"""Answering a photo request: the stored bytes with headers that keep them private."""

from typing import Literal

from fastapi import Response
from starlette.requests import Request

#: `?size=thumb` serves the thumbnail (a JPEG at most 320 px on its long side).
PhotoSize = Literal["full", "thumb"]


def photo_response(request: Request, data: bytes, content_type: str, etag: str) -> Response:
    """`etag`: the stored bytes' digest. The keys are content-addressed, so the bytes under
    a URL never change (`immutable`), but a personal photo is cached by the caller's own
    browser only (`private`), never by a shared cache."""
    quoted = f'"{etag}"'
    headers = {
        "ETag": quoted,
        "Cache-Control": "private, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": "inline",
    }
    if request.headers.get("if-none-match") == quoted:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=content_type, headers=headers)
