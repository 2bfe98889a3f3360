"""`python -m weimin_launcher run`: what `make run` does after installing.

Migrates every database, loads the demonstration city when empty, makes sure the first
admin exists, starts the five services, the gateway and the local channel simulator,
prints where to sign in and where notifications arrive, and stops everything cleanly on
Ctrl-C.
"""

import argparse
import asyncio
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from weimin_launcher.processes import ALL, CHANNEL_SIMULATOR, GATEWAY, SERVICES, Layout
from weimin_launcher.setup import StepFailed, prepare
from weimin_launcher.supervisor import Supervisor

CREDENTIALS_FILE = "initial-credentials.json"


def _remember_credentials(var_dir: Path, created: list[dict[str, Any]]) -> None:
    """Keep passwords generated on the first run in a file only its owner can read, so a
    newcomer who missed the banner is not locked out of a fresh demo."""
    if not created:
        return
    path = var_dir / CREDENTIALS_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(created, out, ensure_ascii=False, indent=2)


def _banner(layout: Layout, report: dict[str, Any]) -> str:
    lines = [
        "",
        "=" * 64,
        f"  Weimin is running: {layout.url(GATEWAY).replace('127.0.0.1', 'localhost')}",
    ]
    admin = report.get("admin", {})
    for entry in report["credentials"]:
        lines.append(f"  sign in as {entry.get('username')} / {entry.get('password')}")
    if admin and not admin.get("password"):
        name = admin.get("username", "admin")
        lines.append(f"  sign in as {name}; passwords were shown on the first run and are kept")
        lines.append(f"  in {layout.var_dir / CREDENTIALS_FILE} until you delete it")
    notifications = next(s for s in SERVICES if s.name == "notifications")
    lines += [
        f"  WeCom / DingTalk messages: {layout.url(CHANNEL_SIMULATOR)}/ (local simulator)",
        f"  text messages: {layout.sms_outbox(notifications)}",
        "  Ctrl-C stops everything.",
        "=" * 64,
        "",
    ]
    return "\n".join(lines)


async def _run(layout: Layout, demo_size: str | None) -> int:
    print("Preparing databases and the demonstration city …", flush=True)
    try:
        report = await asyncio.to_thread(prepare, layout, demo_size=demo_size)
    except StepFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    _remember_credentials(layout.var_dir, report["credentials"])
    for service, counts in report["loaded"].items():
        if any(counts.values()):
            print(f"  loaded {service}: {json.dumps(counts, ensure_ascii=False)}")
    supervisor = Supervisor(layout, ALL, log_dir=layout.var_dir / "logs", echo=False)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await supervisor.start()
    try:
        await supervisor.wait_ready()
    except TimeoutError as failure:
        print(failure, file=sys.stderr)
        await supervisor.stop()
        return 1
    print(_banner(layout, report), flush=True)
    print(f"Logs: {layout.var_dir / 'logs'}/<service>.log", flush=True)
    await stop.wait()
    print("\nStopping …", flush=True)
    await supervisor.stop()
    print("Stopped.", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="weimin_launcher")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="start the whole platform")
    run.add_argument("--demo-size", choices=["demo", "city", "none"], default="demo")
    run.add_argument("--var-dir", default=os.environ.get("WEIMIN_VAR_DIR", "var"))
    args = parser.parse_args(argv)
    var_dir = Path(args.var_dir).resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    layout = Layout(var_dir=var_dir)
    demo_size = None if args.demo_size == "none" else args.demo_size
    return asyncio.run(_run(layout, demo_size))


if __name__ == "__main__":
    sys.exit(main())
