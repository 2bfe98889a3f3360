"""Interactive API docs at /api/docs, with Swagger UI served from the installed package
(no CDN: the platform must work offline)."""

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

ASSETS = "/api/docs/assets"

PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Weimin API</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="{ASSETS}/swagger-ui-standalone-preset.js"></script>
<script src="{ASSETS}/weimin-docs.js"></script>
</body></html>
"""

INIT_SCRIPT = """window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "BaseLayout",
  persistAuthorization: true,
});
"""


def install_docs(app: FastAPI) -> None:
    router = APIRouter(include_in_schema=False)

    @router.get("/api/docs")
    async def docs() -> HTMLResponse:
        return HTMLResponse(PAGE)

    @router.get(f"{ASSETS}/weimin-docs.js")
    async def init_script() -> HTMLResponse:
        return HTMLResponse(INIT_SCRIPT, media_type="text/javascript")

    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=Path(str(swagger_ui_path))), name="docs-assets")
