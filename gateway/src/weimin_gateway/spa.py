"""The built single-page app: files as they are, every other page path -> index.html.

Hashed files under /assets never change, so browsers may keep them for a year; index.html
must be revalidated every time so a new build reaches users at once.
"""

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from weimin_kit.errors import NotFound

# Paths that belong to the gateway or the API, never to the SPA.
RESERVED_PREFIXES = ("/api/", "/.well-known/")
RESERVED_PATHS = frozenset({"/api", "/.well-known", "/healthz", "/readyz", "/metrics"})
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"

NOT_BUILT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Weimin</title></head>
<body><h1>Weimin</h1>
<p>The web app is not built yet. Run <code>make frontend</code> (or <code>make run</code>),
then reload. The API is at <a href="/api/docs">/api/docs</a>.</p></body></html>
"""


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
            cache = IMMUTABLE if path.startswith("assets/") else NO_CACHE
            return FileResponse(candidate, headers={"Cache-Control": cache})
        if path.startswith("assets/"):
            # A missing hashed asset is a stale page asking for an old build: say so.
            raise NotFound(f"No asset at {url_path}")
        return FileResponse(index, headers={"Cache-Control": NO_CACHE})

    return router
