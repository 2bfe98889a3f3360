"""Fallback load generator when wrk is not installed: N keep-alive connections, each
sending requests back to back for a fixed time. Prints the same JSON line as report.lua."""

import asyncio
import json
import os
import sys
import time

import aiohttp


async def run(url: str, connections: int, seconds: float) -> dict[str, int]:
    headers = {"Authorization": "Bearer " + os.environ["BENCH_TOKEN"]}
    latencies: list[float] = []
    failures = {"errors": 0, "non_2xx": 0}
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=connections)

    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    async with session.get(url, headers=headers) as response:
                        await response.read()
                        if response.status >= 300:
                            failures["non_2xx"] += 1
                except aiohttp.ClientError:
                    failures["errors"] += 1
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "duration_us": int(elapsed * 1e6),
        "p50_us": int(latencies[len(latencies) // 2] * 1e6),
        "p99_us": int(latencies[int(len(latencies) * 0.99)] * 1e6),
        **failures,
    }


if __name__ == "__main__":
    url, connections, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    print("BENCH " + json.dumps(asyncio.run(run(url, connections, seconds))))
