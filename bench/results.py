"""Where every benchmark's figures go: `bench/results/<name>.json`."""

import json
from pathlib import Path
from typing import Any


def write_results(path: Path, report: dict[str, Any]) -> None:
    """The report as readable JSON (Chinese names kept as they are); says where it went."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to bench/results/{path.name}")
