"""The command line every service shares: `python -m weimin_<service> <command>`.

serve      run the service with uvicorn (uvloop + httptools)
migrate    upgrade the database to the code's Alembic head
load-demo  load this service's part of the demonstration city when its tables are empty
openapi    print the OpenAPI document
outbox status | redeliver [--id ID ...]
           the event outbox by state and its dead events; put dead events back to
           pending (all, or those named) and replay this service's consumer dead letters
"""

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import uvicorn
from fastapi import FastAPI

from weimin_kit.db import Database
from weimin_kit.events.admin import outbox_status, redeliver_outbox, replay_dead_letters
from weimin_kit.heap import for_serving
from weimin_kit.migrations import upgrade_to_head
from weimin_kit.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)
DemoLoader = Callable[[Database, Any, str], Awaitable[dict[str, int]]]


def run_cli(
    settings_factory: Callable[[], S],
    create_app: Callable[[S], FastAPI],
    migrations_dir: Path,
    demo_loader: DemoLoader | None = None,
    argv: list[str] | None = None,
) -> int:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    commands.add_parser("migrate")
    demo = commands.add_parser("load-demo")
    demo.add_argument("--size", choices=["demo", "city"], default="demo")
    prepare = commands.add_parser("prepare")
    prepare.add_argument("--demo-size", choices=["demo", "city", "none"], default="demo")
    commands.add_parser("openapi")
    outbox = commands.add_parser("outbox")
    outbox.add_argument("action", choices=["status", "redeliver"])
    outbox.add_argument("--id", action="append", default=[], dest="event_ids")
    args = parser.parse_args(argv)
    settings = settings_factory()

    if args.command == "serve":
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
    elif args.command == "migrate":
        asyncio.run(_migrate(settings, migrations_dir))
    elif args.command in ("load-demo", "prepare"):
        if args.command == "prepare":
            asyncio.run(_migrate(settings, migrations_dir))
        size = args.size if args.command == "load-demo" else args.demo_size
        counts: dict[str, int] = {}
        if demo_loader is not None and size != "none":
            counts = asyncio.run(_load_demo(settings, demo_loader, size))
        print(json.dumps({"loaded": counts}, ensure_ascii=False))
    elif args.command == "openapi":
        json.dump(create_app(settings).openapi(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.command == "outbox":
        result = asyncio.run(_outbox(settings, create_app, args.action, args.event_ids))
        print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


async def _outbox(
    settings: S, create_app: Callable[[S], FastAPI], action: str, event_ids: list[str]
) -> dict[str, Any]:
    if action == "status":
        database = Database.from_url(settings.database_url)
        try:
            return await outbox_status(database)
        finally:
            await database.dispose()
    # The app's lifespan builds this service's event handlers; no relay runs meanwhile.
    app = create_app(settings.model_copy(update={"events_transport": "none"}))
    async with app.router.lifespan_context(app):
        requeued = await redeliver_outbox(app.state.database, event_ids)
        replayed = await replay_dead_letters(app.state.database, app.state.event_handlers)
    return {"outbox_requeued": requeued, "consumer_dead_letters": replayed}


async def _migrate(settings: ServiceSettings, migrations_dir: Path) -> None:
    database = Database.from_url(settings.database_url)
    try:
        await upgrade_to_head(database.engine, migrations_dir)
    finally:
        await database.dispose()


async def _load_demo(settings: S, loader: DemoLoader, size: str) -> dict[str, int]:
    database = Database.from_url(settings.database_url)
    try:
        return await loader(database, settings, size)
    finally:
        await database.dispose()
