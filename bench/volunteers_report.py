"""Figures and the printed table of the volunteers benchmark."""

from typing import Any


def figures(latencies: list[float], elapsed: float | None = None) -> dict[str, Any]:
    ordered = sorted(latencies)

    def at(fraction: float) -> float:
        index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
        return round(ordered[index] * 1000, 2)

    result = {
        "samples": len(ordered),
        "p50_ms": at(0.50),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1] * 1000, 2),
    }
    if elapsed:
        result["requests_per_second"] = round(len(ordered) / elapsed, 1)
    return result


def print_table(report: dict[str, Any]) -> None:
    in_proc, scan, api = report["in_process"], report["baseline"], report["api"]
    print(f"\n{'ranking candidates (city)':<34} {'p50 ms':>8} {'p99 ms':>8} {'goal':>6}  met")
    goals = report["goals"]
    print(
        f"{'in process (ranked_for)':<34} {in_proc['p50_ms']:>8.2f} {in_proc['p99_ms']:>8.2f} "
        f"{goals['in_process_p99_ms']:>6.0f}  {goals['in_process_met']}"
    )
    for c, row in api["by_concurrency"].items():
        print(
            f"{f'API, {c} in flight':<34} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} "
            f"{goals['api_p99_ms']:>6.0f}  {goals['api_met_by_concurrency'][c]}"
        )
    print(
        f"{'full scan (baseline)':<34} {scan['full_scan']['p50_ms']:>8.2f} "
        f"{scan['full_scan']['p99_ms']:>8.2f}"
    )
    ratios = report["ratios"]
    print(
        f"full scan / indexed: p50 x{ratios['full_scan_over_indexed_p50']}, "
        f"p99 x{ratios['full_scan_over_indexed_p99']}; "
        f"rankings differing: {len(scan['rankings_differing'])} of {scan['tasks']}"
    )
    print(f"load: {report['dataset']['seconds']} s; {report['machine']['note']}")
