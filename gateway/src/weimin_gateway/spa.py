"""The built single-page app: files as they are, every other page path -> index.html.

Hashed files under /assets never change, so browsers may keep them for a year; they are
sent precompressed (brotli or gzip, written by the build beside each file) when the
browser accepts it. index.html, the service worker and the web app manifest must be
revalidated every time so a new build reaches users at once (a service worker cached by
the HTTP cache would keep an old app alive on the phone).
"""

import mimetypes
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from weimin_gateway.precompressed import choose_precompressed, has_precompressed
from weimin_kit.errors import NotFound

# Paths that belong to the gateway or the API, never to the SPA.
RESERVED_PREFIXES = ("/api/", "/.well-known/")
RESERVED_PATHS = frozenset({"/api", "/.well-known", "/healthz", "/readyz", "/metrics"})
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
# Types the platform's mimetypes table may lack or spell the legacy way.
MEDIA_TYPES = {
    ".webmanifest": "application/manifest+json",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
}

NOT_BUILT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Weimin</title></head>
<body><h1>Weimin</h1>
<p>The web app is not built yet. Run <code>make frontend</code> (or <code>make run</code>),
then reload. The API is at <a href="/api/docs">/api/docs</a>.</p></body></html>
"""


def media_type(file: Path) -> str:
    known = MEDIA_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
    return known or "application/octet-stream"


def file_response(file: Path, request: Request, *, immutable: bool) -> Response:
    headers = {"Cache-Control": IMMUTABLE if immutable else NO_CACHE}
    if not immutable or not has_precompressed(file):
        return FileResponse(file, media_type=media_type(file), headers=headers)
    # Caches must keep the copies apart: the answer depends on Accept-Encoding.
    headers["Vary"] = "Accept-Encoding"
    chosen = choose_precompressed(file, request.headers.get("accept-encoding"))
    if chosen is None:
        return FileResponse(file, media_type=media_type(file), headers=headers)
    compressed, coding = chosen
    headers["Content-Encoding"] = coding
    return FileResponse(compressed, media_type=media_type(file), headers=headers)


def spa_router(spa_dir: Path) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    root = spa_dir.resolve()

    @router.api_route("/{path:path}", methods=["GET", "HEAD"])
    async def spa(path: str, request: Request) -> Response:
        url_path = request.url.path
        if url_path in RESERVED_PATHS or url_path.startswith(RESERVED_PREFIXES):
            raise NotFound(f"No resource at {url_path}")
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT_PAGE, headers={"Cache-Control": NO_CACHE})
        candidate = (root / path).resolve()
        if path and candidate.is_relative_to(root) and candidate.is_file():
            return file_response(candidate, request, immutable=path.startswith("assets/"))
        if path.startswith("assets/"):
            # A missing hashed asset is a stale page asking for an old build: say so.
            raise NotFound(f"No asset at {url_path}")
        return FileResponse(index, headers={"Cache-Control": NO_CACHE})

    return router
