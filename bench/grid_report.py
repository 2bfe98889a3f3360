"""The grid benchmark's goals (from its issue) and the printed table."""

from typing import Any

GOALS: dict[str, float] = {
    "locate_in_process_points_per_second": 50_000,
    "locate_endpoint_p99_ms_at_32": 20.0,
    "resident_by_id_p99_ms": 20.0,
    "incident_list_p99_ms": 50.0,
    "import_1m_residents_seconds": 120.0,
}


def goals_met(report: dict[str, Any]) -> dict[str, bool]:
    incidents = report["incidents"]
    return {
        "locate_in_process": report["locate_in_process"]["indexed_points_per_second"]
        >= GOALS["locate_in_process_points_per_second"],
        "locate_endpoint_at_32": report["locate"]["p99_ms"]
        <= GOALS["locate_endpoint_p99_ms_at_32"],
        "resident_by_id_at_1": report["resident_by_id"]["1"]["p99_ms"]
        <= GOALS["resident_by_id_p99_ms"],
        "incident_list_at_1": max(page["1"]["p99_ms"] for page in incidents.values())
        <= GOALS["incident_list_p99_ms"],
        # Judged as rows per second when a smaller file was imported (the knob).
        "import": report["import"]["rows_per_second"] * GOALS["import_1m_residents_seconds"]
        >= 1_000_000,
    }


def print_table(report: dict[str, Any]) -> None:
    located = report["locate_in_process"]
    print(
        f"\nlocate in process: {located['indexed_points_per_second']:,} points/s "
        f"(scan of every unit {located['scan_points_per_second']:,}/s, "
        f"x{located['ratio_indexed_over_scan']})"
    )
    imported = report["import"]
    print(
        f"import: {imported['rows']:,} residents in {imported['seconds']} s "
        f"({imported['rows_per_second']:,} rows/s; created {imported['created']:,})"
    )
    print(f"\n{'endpoint':<40} {'in flight':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    rows = [("GET /v1/locate", report["locate"])]
    rows += [("GET /v1/residents?id_card_number= ", r) for r in report["resident_by_id"].values()]
    for name, levels in report["incidents"].items():
        rows += [(f"GET /v1/incidents ({name})", r) for r in levels.values()]
    for name, row in rows:
        print(
            f"{name:<40} {row['concurrency']:>9} {row['requests_per_second']:>8.1f} "
            f"{row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f}"
        )
    print(f"goals met: {report['goals_met']}")
    print(report["machine"]["note"])
