"""`python -m bench` (`make bench`): run every benchmark in turn, results in bench/results/.
`python -m bench <name> …` runs only those: gateway, org-registry, volunteers, wishes,
mixed-load, events, grid, exchange, grid-locate, lighthouse,
kiosk-soak, notifications."""

import sys
from collections.abc import Callable

from bench import (
    events,
    exchange,
    gateway,
    grid,
    grid_locate,
    kiosk_soak,
    lighthouse,
    mixed_load,
    notifications,
    org_registry,
    volunteers,
    wishes,
)

BENCHMARKS: dict[str, Callable[[], int]] = {
    "gateway": gateway.main,
    "org-registry": org_registry.main,
    "volunteers": volunteers.main,
    "wishes": wishes.main,
    "mixed-load": mixed_load.main,
    # Before the grid: its million-row loads leave PostgreSQL writing for minutes after.
    "events": events.main,
    "grid": grid.main,
    # The partner exchange: population batches (SQLite, PostgreSQL) and webhook latency.
    "exchange": exchange.main,
    # The grid's in-process point index alone (also part of `grid`), without a database.
    "grid-locate": grid_locate.main,
    # The phone app's home in a real browser (builds the SPA when it is missing).
    "lighthouse": lighthouse.main,
    # A kiosk page left on for 30 minutes, and 2,000 wall streams through the gateway.
    "kiosk-soak": kiosk_soak.main,
    # 10,000 shift reminders due at once, fanned out on SQLite (the alarm part to come).
    "notifications": notifications.main,
}


def main(names: list[str]) -> int:
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(
            f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}",
            file=sys.stderr,
        )
        return 2
    status = 0
    for name in names or list(BENCHMARKS):
        print(f"== {name}", flush=True)
        status = BENCHMARKS[name]() or status
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
