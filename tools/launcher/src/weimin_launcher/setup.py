"""One-off steps before the platform starts: migrate, load the demo city, first admin.

Each service does all of it in one `prepare` process, and the services prepare in
parallel: a second `make run` then costs little more than the processes' start-up.
"""

import json
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from weimin_launcher.processes import SERVICES, Layout, Process


class StepFailed(RuntimeError):
    pass


def run_step(layout: Layout, process: Process, *args: str, timeout: float = 1800) -> str:
    result = subprocess.run(
        layout.command(process, *args),
        env=layout.env(process),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise StepFailed(
            f"{process.name} {' '.join(args)} failed ({result.returncode}):\n"
            + result.stderr[-4000:]
        )
    return result.stdout


def json_lines(output: str) -> Iterator[dict[str, Any]]:
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                yield value


def prepare(layout: Layout, *, demo_size: str | None = "demo") -> dict[str, Any]:
    """Migrate every database, load the demo city where empty, ensure the first admin.

    Returns what the person starting the platform needs to see: demo counts and any
    credentials created just now (passwords appear only on the run that made them).
    """
    size = demo_size or "none"
    with ThreadPoolExecutor(max_workers=len(SERVICES)) as pool:
        outputs = list(
            pool.map(lambda s: run_step(layout, s, "prepare", "--demo-size", size), SERVICES)
        )
    report: dict[str, Any] = {"loaded": {}, "credentials": []}
    for service, output in zip(SERVICES, outputs, strict=True):
        for entry in json_lines(output):
            if "loaded" in entry:
                report["loaded"][service.name] = entry["loaded"]
            if "demo_password" in entry:  # only on the run that generated it
                names = ", ".join(entry.get("demo_accounts", []))
                report["credentials"].append(
                    {"username": names, "password": entry["demo_password"]}
                )
            if "created" in entry:  # the org-registry's first admin
                report["admin"] = entry
                if entry.get("password"):
                    report["credentials"].insert(0, entry)
    return report
