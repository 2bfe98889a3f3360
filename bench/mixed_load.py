"""Mixed load on SQLite (the database a newcomer and a small community run on): 200
requests at once through the gateway of the real platform, reads and writes of every kind
together, and then a check that nothing is half-written.

The platform is started as the cross-service tests start it (`tests/platform_support`:
the launcher, every service and the gateway as processes, fresh SQLite files, the demo
city), with the gateway's rate limit lifted (a handful of accounts send everything). The
mix, fired in one `asyncio.gather` in a shuffled (seeded) order:

- reads: summaries, lists, the public wall, one's own records;
- exports (GETs that write their audit row) by a grid worker and by the admin;
- reads of tasks whose offers timed out (computed expired, never written by the read)
  with the scheduler's sweep of timed-out offers (the write) racing them;
- wish claims: three claimers on each of ten open wishes (one wins, two get 409);
- incident reports by grid workers and a volunteer.

Required: no 5xx; every write answered 2xx or 4xx. Afterwards: every 2xx incident is
readable with its title and the grid database holds exactly those; each contended wish
has exactly one live claim, the one answered 201; the export audit holds one row per 2xx
export, each id distinct; each task's stored offers agree with its status.
"""

import asyncio
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx

from bench.gateway import HERE as BENCH_DIR
from bench.gateway import REPO
from bench.results import write_results
from bench.volunteers_report import figures
from weimin_democity import generate

sys.path.insert(0, str(REPO / "tests"))
from platform_support import ADMIN_PASSWORD, DEMO_PASSWORD, Platform, running_platform

RESULTS = BENCH_DIR / "results" / "mixed_load.json"
CITY = generate("demo")
COMMUNITY = CITY.communities[0]  # community01's, with grid001's and grid002's units
GRIDS = [g for g in CITY.grid_units if g.community_id == COMMUNITY.id][:2]
OFFER_TIMEOUT_SECONDS = 30  # the shortest a task allows
TAG = "压测"
CLAIMER_PASSWORD = "Bench-Claimer-Lantern-2026!"  # noqa: S105 (a throwaway platform's)
WRITES = {"export", "offer-sweep", "wish-claim", "incident-report"}

#: How many requests of each kind make the 200.
MIX = {
    "read": 60,
    "export": 40,
    "task-read": 20,
    "offer-sweep": 5,
    "wish-claim": 30,  # 10 wishes x 3 claimers
    "incident-report": 45,
}
TASKS = 5
WISHES = 10
CLAIMERS = 3


class Run:
    """The accounts' headers and what setup made, for building requests and checking."""

    def __init__(self, client: httpx.AsyncClient, platform_: Platform) -> None:
        self.client = client
        self.platform = platform_
        self.headers: dict[str, dict[str, str]] = {}
        self.tasks: list[str] = []
        self.tasks_expire_at = 0.0
        self.wishes: list[str] = []

    async def sign_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        response = await self.client.post(
            "/api/v1/auth/login", json={"username": username, "password": password}
        )
        response.raise_for_status()
        self.headers[username] = {"Authorization": f"Bearer {response.json()['access_token']}"}


async def offer_tasks(run: Run) -> None:
    """Tasks offered at once, so their offers time out while the rest is set up."""
    lon, lat = GRIDS[0].centroid
    for n in range(TASKS):
        created = await run.client.post(
            "/api/v1/tasks",
            headers=run.headers["community01"],
            json={
                "kind": "service_request",
                "title": f"{TAG}任务{n}",
                "street_id": str(COMMUNITY.street_id),
                "community_id": str(COMMUNITY.id),
                "lon": lon,
                "lat": lat,
                "radius_m": 3000,
                "mode": "offer",
                "offer_k": 3,
                "offer_timeout_seconds": OFFER_TIMEOUT_SECONDS,
            },
        )
        created.raise_for_status()
        assert [o["status"] for o in created.json()["offers"]] == ["pending"] * 3
        run.tasks.append(created.json()["task"]["id"])
    run.tasks_expire_at = time.monotonic() + OFFER_TIMEOUT_SECONDS + 1


async def make_claimers(run: Run) -> list[str]:
    names = [f"benchclaimer{n}" for n in range(1, CLAIMERS + 1)]
    for name in names:
        created = await run.client.post(
            "/api/v1/accounts",
            headers=run.headers["admin"],
            json={
                "username": name,
                "display_name": f"志愿者{name[-1]}",
                "password": CLAIMER_PASSWORD,
                "roles": ["volunteer"],
            },
        )
        assert created.status_code == 201, created.text
        await run.sign_in(name, CLAIMER_PASSWORD)
    return names


async def open_wishes(run: Run) -> list[str]:
    """Open wishes a volunteer may claim."""
    found: list[str] = []
    cursor = None
    while len(found) < WISHES:
        params: dict[str, Any] = {"state": "open", "limit": 100}
        if cursor:
            params["cursor"] = cursor
        page = await run.client.get("/api/v1/wishes", params=params, headers=run.headers["admin"])
        page.raise_for_status()
        body = page.json()
        found += [w["id"] for w in body["items"] if w["claim_rule"] in ("anyone", "volunteers")]
        cursor = body.get("next_cursor")
        if not cursor:
            break
    assert len(found) >= WISHES, f"only {len(found)} open wishes a volunteer may claim"
    return found[:WISHES]


def requests_of(run: Run, claimers: list[str]) -> list[dict[str, Any]]:
    """The 200 requests: kind, account, method, path, and a body or params."""
    grid_of = {"grid001": GRIDS[0], "grid002": GRIDS[1]}
    reads = [
        ("admin", "/api/v1/grid-units/summary"),
        ("admin", "/api/v1/organisations/summary"),
        ("grid001", "/api/v1/incidents"),
        ("grid002", "/api/v1/residents"),
        ("community01", "/api/v1/tasks"),
        ("community01", "/api/v1/wishes"),
        ("volunteer01", "/api/v1/volunteers/me"),
        ("volunteer01", "/api/v1/volunteers/me/tasks"),
        ("street01", "/api/v1/wish-statistics"),
        (None, "/api/v1/wall/wishes"),
    ]
    specs: list[dict[str, Any]] = []
    for n in range(MIX["read"]):
        who, path = reads[n % len(reads)]
        specs.append({"kind": "read", "who": who, "method": "GET", "path": path})
    for n in range(MIX["export"]):
        who = ("grid001", "grid002", "admin")[n % 3]
        params = {"grid_unit_id": str(GRIDS[0].id)} if who == "admin" else {}
        kind = ("residents", "households", "buildings")[n % 3]
        specs.append(
            {
                "kind": "export",
                "who": who,
                "method": "GET",
                "path": f"/api/v1/exports/{kind}",
                "params": params,
            }
        )
    for n in range(MIX["task-read"]):
        specs.append(
            {
                "kind": "task-read",
                "who": "community01",
                "method": "GET",
                "path": f"/api/v1/tasks/{run.tasks[n % len(run.tasks)]}",
            }
        )
    for _ in range(MIX["offer-sweep"]):
        specs.append(
            {
                "kind": "offer-sweep",
                "who": "community01",
                "method": "POST",
                "path": "/api/v1/tasks/expired-offers",
            }
        )
    for wish in run.wishes:
        for claimer in claimers:
            path = f"/api/v1/wishes/{wish}/claim"
            specs.append(
                {
                    "kind": "wish-claim",
                    "who": claimer,
                    "method": "POST",
                    "path": path,
                    "json": {},
                    "wish": wish,
                }
            )
    reporters = ("grid001", "grid002", "volunteer01")
    for n in range(MIX["incident-report"]):
        who = reporters[n % 3]
        lon, lat = grid_of.get(who, GRIDS[0]).centroid
        title = f"{TAG}{n:03d} 路灯不亮"
        specs.append(
            {
                "kind": "incident-report",
                "who": who,
                "method": "POST",
                "path": "/api/v1/incidents",
                "title": title,
                "json": {
                    "category_code": "0101",
                    "title": title,
                    "location": {"lon": lon, "lat": lat},
                },
                "headers": {"Idempotency-Key": f"bench-mixed-{n}"},
            }
        )
    assert Counter(s["kind"] for s in specs) == Counter(MIX)
    random.Random(20261206).shuffle(specs)
    return specs


async def fire(run: Run, spec: dict[str, Any]) -> dict[str, Any]:
    headers = {**(run.headers[spec["who"]] if spec["who"] else {}), **spec.get("headers", {})}
    started = time.monotonic()
    response = await run.client.request(
        spec["method"],
        spec["path"],
        headers=headers,
        params=spec.get("params"),
        json=spec.get("json"),
    )
    elapsed = time.monotonic() - started
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    return {
        **spec,
        "status": response.status_code,
        "seconds": elapsed,
        "body": body,
        "audit_id": response.headers.get("x-export-audit-id"),
    }


def sqlite_count(platform_: Platform, service: str, sql: str, *args: Any) -> int:
    url = platform_.layout.database_urls[service]
    path = url.split(":///", 1)[1]
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return int(connection.execute(sql, args).fetchone()[0])


async def check(run: Run, answered: list[dict[str, Any]]) -> dict[str, Any]:
    """Nothing half-written: what each 2xx said was done is there, exactly once."""
    problems: list[str] = []
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in answered:
        by_kind[a["kind"]].append(a)

    reported = [a for a in by_kind["incident-report"] if a["status"] // 100 == 2]
    readable = 0
    for a in reported:
        got = await run.client.get(
            f"/api/v1/incidents/{a['body']['id']}", headers=run.headers["admin"]
        )
        if got.status_code == 200 and got.json()["title"] == a["title"]:
            readable += 1
        else:
            problems.append(f"incident {a['body']['id']}: {got.status_code}")
    stored = sqlite_count(
        run.platform, "grid", "SELECT count(*) FROM incidents WHERE title LIKE ?", f"{TAG}%"
    )
    if stored != len(reported):
        problems.append(f"incidents stored {stored} != answered 2xx {len(reported)}")

    wins: dict[str, list[str]] = defaultdict(list)
    for a in by_kind["wish-claim"]:
        if a["status"] == 201:
            wins[a["wish"]].append(a["body"]["id"])
    claims_ok = 0
    for wish in run.wishes:
        claims = await run.client.get(f"/api/v1/wishes/{wish}/claims", headers=run.headers["admin"])
        live = [c["id"] for c in claims.json() if c["status"] in ("pending", "active")]
        state = (
            await run.client.get(f"/api/v1/wishes/{wish}", headers=run.headers["admin"])
        ).json()
        if len(wins[wish]) == 1 and live == wins[wish] and state["claim_id"] == live[0]:
            claims_ok += 1
        else:
            problems.append(f"wish {wish}: 201s {wins[wish]}, live claims {live}")

    exports = [a for a in by_kind["export"] if a["status"] == 200]
    audit_rows = sqlite_count(run.platform, "grid", "SELECT count(*) FROM export_audits")
    distinct_ids = len({a["audit_id"] for a in exports})
    if not audit_rows == distinct_ids == len(exports):
        problems.append(f"export audit rows {audit_rows}, ids {distinct_ids}, 2xx {len(exports)}")

    task_reads_expired = sum(
        1
        for a in by_kind["task-read"]
        if a["status"] == 200 and [o["status"] for o in a["body"]["offers"][:3]] == ["expired"] * 3
    )
    if task_reads_expired != MIX["task-read"]:
        problems.append(f"task reads showing the timed-out offers expired: {task_reads_expired}")
    tasks_ok = 0
    for task_id in run.tasks:
        got = (
            await run.client.get(f"/api/v1/tasks/{task_id}", headers=run.headers["community01"])
        ).json()
        offers = got["offers"]
        pending = [o for o in offers if o["status"] == "pending"]
        expired = [o for o in offers if o["status"] == "expired"]
        consistent = (
            len(pending) <= 3
            and (got["task"]["status"] == "offered") == bool(pending)
            and sorted(o["rank"] for o in offers) == list(range(1, len(offers) + 1))
            and all(o["responded_at"] == o["expires_at"] for o in expired)
            and [o["status"] for o in offers[:3]] == ["expired"] * 3
        )
        tasks_ok += consistent
        if not consistent:
            shown = [(o["rank"], o["status"], o["responded_at"] == o["expires_at"]) for o in offers]
            problems.append(
                f"task {task_id}: {got['task']['status']}, (rank, status, "
                f"responded at expiry) {shown}"
            )
    return {
        "incidents": {"answered_2xx": len(reported), "readable": readable, "stored": stored},
        "wish_claims": {"wishes": len(run.wishes), "exactly_one_live_claim": claims_ok},
        "exports": {
            "answered_200": len(exports),
            "audit_rows": audit_rows,
            "distinct_audit_ids": distinct_ids,
        },
        "tasks": {
            "reads_showing_expiry": task_reads_expired,
            "tasks": len(run.tasks),
            "consistent_after": tasks_ok,
        },
        "problems": problems,
    }


def summarise(answered: list[dict[str, Any]], elapsed: float) -> dict[str, Any]:
    classes = Counter(f"{a['status'] // 100}xx" for a in answered)
    kinds: dict[str, Any] = {}
    for kind in MIX:
        mine = [a for a in answered if a["kind"] == kind]
        kinds[kind] = {
            "requests": len(mine),
            "statuses": dict(sorted(Counter(str(a["status"]) for a in mine).items())),
            "codes_4xx": dict(
                Counter((a["body"] or {}).get("code", "?") for a in mine if a["status"] // 100 == 4)
            ),
            **figures([a["seconds"] for a in mine]),
        }
    writes = [a for a in answered if a["kind"] in WRITES]
    return {
        "requests": len(answered),
        "seconds": round(elapsed, 2),
        "by_status_class": dict(sorted(classes.items())),
        "server_errors": classes.get("5xx", 0),
        "writes": len(writes),
        "writes_2xx_or_4xx": sum(1 for a in writes if a["status"] // 100 in (2, 4)),
        "by_kind": kinds,
        "all": figures([a["seconds"] for a in answered]),
    }


async def measure(var_dir: Path) -> dict[str, Any]:
    started = time.monotonic()
    env = {
        "WEIMIN_GATEWAY_RATE_LIMIT_PER_SECOND": "10000",
        "WEIMIN_GATEWAY_RATE_LIMIT_BURST": "10000",
    }
    async with running_platform(var_dir, env) as started_platform:
        start_seconds = time.monotonic() - started
        limits = httpx.Limits(max_connections=250, max_keepalive_connections=250)
        async with httpx.AsyncClient(
            base_url=started_platform.url, timeout=120.0, limits=limits
        ) as client:
            run = Run(client, started_platform)
            await run.sign_in("admin", ADMIN_PASSWORD)
            for name in ("street01", "community01", "grid001", "grid002", "volunteer01"):
                await run.sign_in(name)
            await offer_tasks(run)
            claimers = await make_claimers(run)
            run.wishes = await open_wishes(run)
            specs = requests_of(run, claimers)
            await asyncio.sleep(max(0.0, run.tasks_expire_at - time.monotonic()))
            print(f"  firing {len(specs)} requests at once …", flush=True)
            fired = time.monotonic()
            answered = await asyncio.gather(*(fire(run, spec) for spec in specs))
            elapsed = time.monotonic() - fired
            summary = summarise(answered, elapsed)
            # The sweep's work is the scheduler's: one more pass persists every timeout.
            (
                await client.post(
                    "/api/v1/tasks/expired-offers", headers=run.headers["community01"]
                )
            ).raise_for_status()
            consistency = await check(run, answered)
    return {
        "platform_start_seconds": round(start_seconds, 1),
        **summary,
        "consistency": consistency,
    }


def print_table(report: dict[str, Any]) -> None:
    print(f"\n{'kind':<18} {'n':>4}  {'statuses':<34} {'p50 ms':>8} {'p99 ms':>8}")
    for kind, row in report["by_kind"].items():
        statuses = ", ".join(f"{s}×{n}" for s, n in row["statuses"].items())
        print(
            f"{kind:<18} {row['requests']:>4}  {statuses:<34} {row['p50_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f}"
        )
    print(
        f"by class: {report['by_status_class']}; 5xx: {report['server_errors']}; "
        f"writes answered 2xx/4xx: {report['writes_2xx_or_4xx']} of {report['writes']}; "
        f"{report['requests']} in {report['seconds']} s"
    )
    print(f"consistency problems: {report['consistency']['problems'] or 'none'}")


def run() -> dict[str, Any]:
    # This benchmark is about SQLite: the shared starter follows WEIMIN_TEST_DATABASE.
    os.environ["WEIMIN_TEST_DATABASE"] = "sqlite"
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="weimin-bench-mixed-") as tmp:
        measured = asyncio.run(measure(Path(tmp)))
    met = (
        measured["server_errors"] == 0
        and measured["writes_2xx_or_4xx"] == measured["writes"]
        and not measured["consistency"]["problems"]
    )
    return {
        "benchmark": "mixed_load",
        "question": "200 concurrent mixed requests through the gateway on SQLite: any 5xx? "
        "anything half-written?",
        "mix": MIX,
        **measured,
        "goal": "0 x 5xx; every write 2xx or 4xx; no consistency problem",
        "met": met,
        "machine": {
            "cores": os.cpu_count(),
            "load_average": {"start": load_before, "end": [round(x, 2) for x in os.getloadavg()]},
            "platform": platform.platform(),
            "python": platform.python_version(),
            "database": "SQLite (WAL), one file per service",
        },
        "command": ".venv/bin/python -m bench mixed-load",
    }


def main() -> int:
    report = run()
    print_table(report)
    write_results(RESULTS, report)
    return 0 if report["met"] else 1
