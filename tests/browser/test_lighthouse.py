"""Lighthouse on the grid worker's home (signed in as grid001, mobile preset): accessibility
and best practices at 95 or more. Performance is measured by `make bench` instead (a median
of three runs on a quiet machine; a loaded CI machine would make it noise)."""

import asyncio
import json
import os
import subprocess
from pathlib import Path
from typing import Any

from platform_support import DEMO_PASSWORD

FRONTEND = Path(__file__).parents[2] / "frontend"


async def test_home_scores_95_for_accessibility_and_best_practices(
    platform: Any, tmp_path: Path
) -> None:
    out = tmp_path / "lighthouse.json"
    result = await asyncio.to_thread(
        subprocess.run,
        [
            "node",
            "scripts/lighthouse.mjs",
            "--runs=1",
            "--categories=accessibility,best-practices",
            "--min=accessibility=95,best-practices=95",
            f"--out={out}",
        ],
        cwd=FRONTEND,
        env={**os.environ, "BASE_URL": platform.url, "DEMO_PASSWORD": DEMO_PASSWORD},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text())
    assert report["median"]["accessibility"] >= 95
    assert report["median"]["best-practices"] >= 95
