"""Lighthouse on the grid worker's home: performance (and accessibility, best practices) as
the median of three runs, mobile preset, signed in as grid001. The platform is started as
the browser tests start it (SQLite, the demo city); the SPA is built first when missing.
Results in `results/lighthouse.json`."""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.gateway import HERE as BENCH_DIR
from bench.gateway import REPO
from bench.results import write_results

sys.path.insert(0, str(REPO / "tests"))
from platform_support import DEMO_PASSWORD, running_platform

RESULTS = BENCH_DIR / "results" / "lighthouse.json"
FRONTEND = REPO / "frontend"
RUNS = 3


async def measure(var_dir: Path, out: Path) -> None:
    async with running_platform(var_dir) as platform:
        await asyncio.to_thread(
            subprocess.run,
            ["node", "scripts/lighthouse.mjs", f"--runs={RUNS}", f"--out={out}"],
            cwd=FRONTEND,
            env={**os.environ, "BASE_URL": platform.url, "DEMO_PASSWORD": DEMO_PASSWORD},
            check=True,
            timeout=900,
        )


def run() -> dict[str, Any]:
    os.environ["WEIMIN_TEST_DATABASE"] = "sqlite"
    if not (FRONTEND / "dist" / "index.html").is_file():
        subprocess.run(["npm", "run", "build"], cwd=FRONTEND, check=True)
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="weimin-bench-lighthouse-") as tmp:
        out = Path(tmp) / "lighthouse.json"
        asyncio.run(measure(Path(tmp) / "var", out))
        measured = json.loads(out.read_text())
    return {
        "benchmark": "lighthouse",
        "question": "how fast does the grid worker's home load on a mid-range phone "
        "(Lighthouse mobile preset, simulated slow 4G and 4x CPU slowdown)?",
        **measured,
        "load_average_before": load_before,
    }


def main() -> int:
    report = run()
    write_results(RESULTS, report)
    median = report["median"]
    print(", ".join(f"{name} {score}" for name, score in median.items()), f"(median of {RUNS})")
    return 0
