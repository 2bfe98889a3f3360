"""`python -m weimin_gateway serve` runs the gateway; `openapi-offline` prints the merged
OpenAPI document built from each service's app without starting anything."""

import argparse
import json
import sys
from typing import Any

import uvicorn

from weimin_gateway.app import create_app
from weimin_gateway.config import GatewaySettings
from weimin_gateway.openapi import merge_openapi
from weimin_kit.heap import for_serving


def offline_documents() -> dict[str, dict[str, Any]]:
    # Imported here only: serving the gateway must never load the services' code.
    from weimin_grid.app import create_app as grid_app
    from weimin_org_registry.app import create_app as org_registry_app
    from weimin_volunteers.app import create_app as volunteers_app
    from weimin_wishes.app import create_app as wishes_app

    return {
        "org-registry": org_registry_app().openapi(),
        "grid": grid_app().openapi(),
        "wishes": wishes_app().openapi(),
        "volunteers": volunteers_app().openapi(),
    }


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
