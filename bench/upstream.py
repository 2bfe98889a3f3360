"""The benchmark's upstream: a real kit service with one token-checked GET.

It publishes the benchmark's signing key at /.well-known/jwks.json (read from the file
named by BENCH_JWKS_FILE) and verifies tokens against that URL, as a service verifies the
org-registry's tokens.
"""

import json
import os
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI

from weimin_kit.app import create_service_app
from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import make_metadata
from weimin_kit.heap import for_serving
from weimin_kit.settings import ServiceSettings

router = APIRouter(tags=["bench"])


@router.get("/v1/wishes/ping")
async def ping(who: CurrentPrincipal) -> dict[str, Any]:
    return {"ok": True, "subject": who.subject, "roles": sorted(who.roles)}


def create_app() -> FastAPI:
    jwks = json.loads(Path(os.environ["BENCH_JWKS_FILE"]).read_text())
    keys = APIRouter()

    @keys.get("/.well-known/jwks.json")
    async def published_keys() -> dict[str, Any]:
        return dict(jwks)

    # As `python -m weimin_<service> serve` runs a service (weimin_kit.cli).
    app = create_service_app(
        ServiceSettings(service_name="bench-upstream"),
        title="Benchmark upstream",
        metadata=make_metadata(),
        routers=[router, keys],
        migrations_dir=None,
    )
    return for_serving(app)
