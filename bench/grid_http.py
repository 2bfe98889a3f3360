"""Requests to the real grid service: timed GETs (each with its own path and token) over
the lean keep-alive connections of volunteers_http, and the import upload."""

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp

from bench.volunteers_http import run_requests
from bench.volunteers_report import figures

Request = tuple[str, str]  # (path, bearer token)


async def measure(
    port: int, requests: Sequence[Request], concurrency: int, warmup: int
) -> dict[str, Any]:
    """Warm-up requests (dropped), then every request: figures with the queueing floor."""
    await run_requests(port, requests[:warmup], concurrency)
    started = time.perf_counter()
    latencies, statuses, _ = await run_requests(port, requests, concurrency)
    elapsed = time.perf_counter() - started
    return {
        **figures(latencies, elapsed),
        "concurrency": concurrency,
        "statuses": statuses,
        # Little's law: one process answering one at a time makes each request wait about
        # in flight / throughput, whatever the request itself costs.
        "in_flight_over_throughput_ms": round(concurrency / (len(requests) / elapsed) * 1000, 1),
    }


async def upload(base_url: str, path: str, file: Path, token: str) -> tuple[int, Any, float]:
    """POST the file as the body (streamed from disk): (status, JSON answer, seconds)."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    timeout = aiohttp.ClientTimeout(total=3600)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        started = time.perf_counter()
        with file.open("rb") as body:
            async with session.post(f"{base_url}{path}", data=body, headers=headers) as response:
                answer = await response.json(content_type=None)
        return response.status, answer, time.perf_counter() - started
