"""One-off steps before the platform starts: migrate, load the demo city, first admin."""

import json
import subprocess
from collections.abc import Iterator
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
    report: dict[str, Any] = {"loaded": {}, "credentials": []}
    for service in SERVICES:
        run_step(layout, service, "migrate")
    if demo_size:
        for service in SERVICES:
            for entry in json_lines(run_step(layout, service, "load-demo", "--size", demo_size)):
                if "loaded" in entry:
                    report["loaded"][service.name] = entry["loaded"]
                if "password" in entry:
                    report["credentials"].append(entry)
    for entry in json_lines(run_step(layout, SERVICES[0], "create-admin")):
        report["admin"] = entry
        if entry.get("password"):
            report["credentials"].insert(0, entry)
    return report
