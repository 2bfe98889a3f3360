"""`python -m weimin_gateway serve` runs the gateway; `openapi-offline` prints the merged
OpenAPI document built from each service's app without starting any server."""

import argparse
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import uvicorn

from weimin_gateway.app import create_app
from weimin_gateway.config import GatewaySettings
from weimin_gateway.openapi import merge_openapi
from weimin_kit.heap import for_serving

OFFLINE_SERVICES = ("org-registry", "grid", "wishes", "volunteers")


def _offline_document(service: str) -> dict[str, Any]:
    # Each service prints its own document (`python -m weimin_<service> openapi`): the
    # gateway talks to services as processes and never imports their code.
    module = "weimin_" + service.replace("-", "_")
    printed = subprocess.run(  # noqa: S603 - our own interpreter and module names
        [sys.executable, "-m", module, "openapi"], capture_output=True, text=True, check=True
    )
    document: dict[str, Any] = json.loads(printed.stdout)
    return document


def offline_documents() -> dict[str, dict[str, Any]]:
    with ThreadPoolExecutor(max_workers=len(OFFLINE_SERVICES)) as pool:
        documents = list(pool.map(_offline_document, OFFLINE_SERVICES))
    return dict(zip(OFFLINE_SERVICES, documents, strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="weimin_gateway")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    commands.add_parser("openapi-offline")
    args = parser.parse_args(argv)

    if args.command == "serve":
        settings = GatewaySettings()
        uvicorn.run(
            for_serving(create_app(settings)),
            host=args.host or settings.host,
            port=args.port or settings.port,
            loop="uvloop",
            http="httptools",
            log_config=None,
            access_log=False,
            # weimin_kit.forwarded reads the forwarding headers, per `trusted_proxies`.
            proxy_headers=False,
            timeout_graceful_shutdown=5,
        )
    else:
        document = merge_openapi(offline_documents())
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
