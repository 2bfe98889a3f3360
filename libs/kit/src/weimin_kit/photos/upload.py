"""Reading an uploaded photo from a raw request body: the declared type must be a photo
type, and the body is refused as soon as it passes the limit (a lying or absent
Content-Length included)."""

from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request

from weimin_kit.errors import Problem

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
#: The OpenAPI request body of an upload route (`openapi_extra={"requestBody": ...}`).
PHOTO_BODY: dict[str, Any] = {
    "required": True,
    "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in PHOTO_TYPES},
}


class PhotoTooLarge(Problem):
    status_code = 413
    code = "upload-too-large"
    title = "The photo is too large"
    title_zh = "照片太大"


class UnsupportedPhotoType(Problem):
    status_code = 415
    code = "unsupported-media-type"
    title = "Send a JPEG, PNG or WebP photo"
    title_zh = "请上传 JPEG、PNG 或 WebP 照片"


def _declared_type(content_type: str | None) -> str:
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared not in PHOTO_TYPES:
        raise UnsupportedPhotoType(
            f"header.content-type: send one of {', '.join(PHOTO_TYPES)}",
            detail_zh=f"header.content-type：请使用 {'、'.join(PHOTO_TYPES)} 之一",
            errors=[
                {
                    "field": "header.content-type",
                    "reason": "not a photo type",
                    "code": "unsupported-media-type",
                }
            ],
        )
    return declared


def _too_large() -> PhotoTooLarge:
    mib = MAX_PHOTO_BYTES // (1024 * 1024)
    return PhotoTooLarge(
        f"body: a photo may be at most {mib} MiB",
        detail_zh=f"body：照片不能超过 {mib} MiB",
        errors=[{"field": "body", "reason": "too large", "code": "upload-too-large"}],
        extra={"max_bytes": MAX_PHOTO_BYTES},
    )


async def _read_limited(chunks: AsyncIterator[bytes]) -> bytes:
    parts, size = [], 0
    async for chunk in chunks:
        size += len(chunk)
        if size > MAX_PHOTO_BYTES:
            raise _too_large()
        parts.append(chunk)
    return b"".join(parts)


async def read_photo_body(request: Request) -> tuple[str, bytes]:
    """(declared content type, body bytes) of a photo upload, or 415 / 413."""
    declared = _declared_type(request.headers.get("content-type"))
    length = request.headers.get("content-length")
    # Only refuses early; a lying or absent length is caught while reading.
    if length is not None and length.isdigit() and int(length) > MAX_PHOTO_BYTES:
        raise _too_large()
    return declared, await _read_limited(request.stream())
