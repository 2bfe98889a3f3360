"""`make partner-demo`: the staff's half of the show, then the partner's.

Against the platform `make run` started: signs in as the demo accounts `street01` (to find
its street) and `grid001` (to report incidents; neither step needs a second factor),
creates a partner client for the street with the org-registry's `create-partner-client`
command on the database `make run` uses (over HTTP a second factor is needed), then runs
the simulator for a while and reports two public-security incidents as grid001 while it
listens, the first deliveries refused, so the retries are seen.
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from weimin_partner_simulator.runner import main_async
from weimin_partner_simulator.simulator import PUBLIC_SECURITY
from weimin_partner_simulator.tokens import claims_of

NOT_RUNNING = (
    "Weimin is not running at {url}. Start it with `make run` in another terminal, wait for "
    "its banner, then run `make partner-demo` again."
)
DEFAULT_PORT = 8765
INCIDENTS = (
    {
        "category_code": "0401",
        "title": "楼道电动车充电，插线板冒烟",
        "description": "三楼楼道飞线充电，插线板发烫冒烟 (partner demo)",
        "extra": {"hazard": "electric"},
        "priority": "urgent",
    },
    {
        "category_code": "0502",
        "title": "深夜烧烤摊噪声扰民",
        "description": "凌晨仍在营业，居民多次投诉 (partner demo)",
        "extra": {"at_night": True},
    },
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", default="http://localhost:8000")
    parser.add_argument("--var-dir", default=os.environ.get("WEIMIN_VAR_DIR", "var"))
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)


def org_registry_database_url(var_dir: Path) -> str:
    """Where `make run` keeps the org-registry's data: the launcher's rule (its own setting,
    else SQLite under the var directory), repeated here since this tool imports none of
    Weimin's packages."""
    return os.environ.get(
        "WEIMIN_ORG_REGISTRY_DATABASE_URL",
        f"sqlite+aiosqlite:///{var_dir.resolve() / 'org-registry.db'}",
    )


def demo_password(var_dir: Path) -> str | None:
    given = os.environ.get("WEIMIN_DEMO_PASSWORD")
    if given:
        return given
    try:
        entries = json.loads((var_dir / "initial-credentials.json").read_text())
    except (OSError, ValueError):
        return None
    for entry in entries:
        if "grid001" in str(entry.get("username", "")).split(", "):
            return str(entry["password"])
    return None


def sign_in(http: httpx.Client, username: str, password: str) -> str:
    response = http.post("/api/v1/auth/login", json={"username": username, "password": password})
    if response.status_code != 200:
        raise SystemExit(f"signing in as {username} failed: {response.status_code} {response.text}")
    token: str = response.json()["access_token"]
    return token


def scope_id(token: str, kind: str) -> str:
    scopes: list[str] = claims_of(token).get("scopes", [])
    return next(s.split(":", 1)[1] for s in scopes if s.startswith(kind + ":"))


def create_client(var_dir: Path, street_id: str) -> dict[str, Any]:
    env = {**os.environ, "WEIMIN_ORG_REGISTRY_DATABASE_URL": org_registry_database_url(var_dir)}
    command = [sys.executable, "-m", "weimin_org_registry", "create-partner-client",
               "--name", "公安网格系统（仿真）", "--area", street_id, "--json"]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"create-partner-client failed:\n{done.stderr}")
    created: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return created


async def report_incidents(base_url: str, worker_token: str, delay: float) -> None:
    """As grid001, in its own grid: what the partner then hears about."""
    await asyncio.sleep(delay)
    headers = {"Authorization": f"Bearer {worker_token}"}
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as http:
        unit = (await http.get(f"/api/v1/grid-units/{scope_id(worker_token, 'grid')}")).json()
        for body in INCIDENTS:
            location = {"lon": unit["centroid_lon"], "lat": unit["centroid_lat"]}
            answer = await http.post("/api/v1/incidents", json={**body, "location": location})
            print(f"[demo] grid001 reported 「{body['title']}」: {answer.status_code}", flush=True)


def main(args: argparse.Namespace) -> int:
    var_dir = Path(args.var_dir)
    with httpx.Client(base_url=args.base_url, timeout=30) as http:
        try:
            http.get("/healthz").raise_for_status()
        except httpx.HTTPError:
            print(NOT_RUNNING.format(url=args.base_url), file=sys.stderr)
            return 1
        password = demo_password(var_dir)
        if password is None:
            print(
                "No demo password: set WEIMIN_DEMO_PASSWORD as for `make run`, or keep "
                f"{var_dir / 'initial-credentials.json'} from its first run.",
                file=sys.stderr,
            )
            return 1
        street = scope_id(sign_in(http, "street01", password), "street")
        worker = sign_in(http, "grid001", password)
    created = create_client(var_dir, street)
    print(f"[demo] partner client {created['client_id']} for street {street} (street01's)")
    run_args = argparse.Namespace(
        command="run", base_url=args.base_url, token=None, token_url=None,
        client_id=created["client_id"], client_secret=created["client_secret"],
        host="127.0.0.1", port=args.port, seconds=args.seconds,
        fail_first=2, fail_seconds=0, respond=True, handles=",".join(PUBLIC_SECURITY),
        seed=1, people=20, addresses=5, invalid=1,
    )  # fmt: skip

    async def show() -> int:
        reporting = asyncio.create_task(report_incidents(args.base_url, worker, delay=8))
        try:
            return await main_async(run_args)
        finally:
            await reporting

    return asyncio.run(show())
