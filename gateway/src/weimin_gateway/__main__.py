"""`python -m weimin_gateway serve` runs the gateway; `openapi-offline` prints the merged
OpenAPI document built from the specs the services exported (`services/<name>/openapi.json`,
written by `python -m weimin_<name> openapi`), without starting or importing any service."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import uvicorn

from weimin_gateway.app import create_app
from weimin_gateway.config import GatewaySettings
from weimin_gateway.openapi import merge_openapi
from weimin_gateway.routing import RESOURCES
from weimin_kit.heap import for_serving


def exported_documents(services_dir: Path) -> dict[str, dict[str, Any]]:
    """Each routed service's exported spec, `<services_dir>/<service>/openapi.json`."""
    documents: dict[str, dict[str, Any]] = {}
    for service in sorted(RESOURCES):
        path = services_dir / service / "openapi.json"
        if not path.is_file():
            raise SystemExit(
                f"{path}: missing; export it with `python -m weimin_<service> openapi`"
            )
        documents[service] = json.loads(path.read_text(encoding="utf-8"))
    return documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="weimin_gateway")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    offline = commands.add_parser("openapi-offline")
    offline.add_argument(
        "--services-dir",
        type=Path,
        default=Path("services"),
        help="where each service's exported openapi.json lies (default: services)",
    )
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
        document = merge_openapi(exported_documents(args.services_dir))
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
