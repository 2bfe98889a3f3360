"""Gateway overhead: the same authenticated GET through the gateway and straight to the
service, at several concurrencies, each after a warm-up, all in one run.

Both servers are real uvicorn processes (uvloop + httptools, one worker); the load comes
from wrk (installed from Debian's packages when missing) or, failing that, from an asyncio
generator in its own process.
"""

import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.results import write_results
from weimin_kit.testing import TestKeys

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results" / "gateway.json"
CONCURRENCIES = (1, 8, 32)
WARMUP_SECONDS = 2
MEASURE_SECONDS = 10
GOAL_RATIO_AT_32 = 0.6
PATH = "/v1/wishes/ping"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_ready(url: str, timeout: float = 30.0) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 (loopback URL we built)
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def process(command: list[str], env: dict[str, str], log: Path) -> Any:
    with log.open("wb") as out:
        child = subprocess.Popen(command, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield child
        finally:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found or os.environ.get("BENCH_NO_INSTALL"):
        return found
    print("wrk not found: installing it from Debian's packages", flush=True)
    for step in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        if subprocess.run(step, capture_output=True, check=False).returncode != 0:
            return None
    return shutil.which("wrk")


def load_command(wrk: str | None, url: str, connections: int, seconds: int) -> list[str]:
    if wrk:
        return [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(HERE / "report.lua"),
            url,
        ]
    return [sys.executable, str(HERE / "loadgen.py"), url, str(connections), str(seconds)]


def measure(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCH (\{.*\})$", output, re.MULTILINE)
    if not match:
        raise RuntimeError(f"no figures in the load generator's output:\n{output}")
    raw = json.loads(match.group(1))
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "requests_per_second": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 3),
        "p99_ms": round(raw["p99_us"] / 1000, 3),
        "errors": raw["errors"],
        "non_2xx": raw["non_2xx"],
    }


def run() -> dict[str, Any]:
    keys = TestKeys()
    token = keys.token(subject="bench", roles=["member"], lifetime_seconds=3600)
    wrk = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="weimin-bench-"))
    jwks_file = workdir / "jwks.json"
    jwks_file.write_text(json.dumps(keys.jwks))
    service_port, gateway_port = free_port(), free_port()
    service = f"http://127.0.0.1:{service_port}"
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("WEIMIN_")}
    service_env = {
        **base_env,
        "BENCH_JWKS_FILE": str(jwks_file),
        "WEIMIN_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'service.db'}",
        "WEIMIN_JWKS_URL": f"{service}/.well-known/jwks.json",
        "WEIMIN_LOG_LEVEL": "WARNING",
    }
    gateway_env = {
        **base_env,
        "WEIMIN_GATEWAY_PORT": str(gateway_port),
        "WEIMIN_GATEWAY_LOG_LEVEL": "WARNING",
        # One client hammers one account: the per-client limit would measure itself.
        "WEIMIN_GATEWAY_RATE_LIMIT_PER_SECOND": "1000000",
        "WEIMIN_GATEWAY_RATE_LIMIT_BURST": "1000000",
        **{
            f"WEIMIN_GATEWAY_{name}_URL": service
            for name in ("ORG_REGISTRY", "GRID", "WISHES", "VOLUNTEERS")
        },
    }
    service_command = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.upstream:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(service_port),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    gateway_command = [sys.executable, "-m", "weimin_gateway", "serve"]
    load_env = {**base_env, "BENCH_TOKEN": token}
    targets = {
        "direct": f"{service}{PATH}",
        "gateway": f"http://127.0.0.1:{gateway_port}/api{PATH}",
    }

    results: dict[str, Any] = {}
    with ExitStack() as stack:
        stack.enter_context(process(service_command, service_env, workdir / "service.log"))
        stack.enter_context(process(gateway_command, gateway_env, workdir / "gateway.log"))
        wait_until_ready(f"{service}/healthz")
        wait_until_ready(f"http://127.0.0.1:{gateway_port}/healthz")
        for connections in CONCURRENCIES:
            row: dict[str, Any] = {}
            for name, url in targets.items():
                measure(load_command(wrk, url, connections, WARMUP_SECONDS), load_env)
                row[name] = measure(load_command(wrk, url, connections, MEASURE_SECONDS), load_env)
                print(f"  c={connections:<3} {name:<8} {row[name]}", flush=True)
            direct, through = row["direct"], row["gateway"]
            row["throughput_ratio"] = round(
                through["requests_per_second"] / direct["requests_per_second"], 3
            )
            row["added_p50_ms"] = round(through["p50_ms"] - direct["p50_ms"], 3)
            row["added_p99_ms"] = round(through["p99_ms"] - direct["p99_ms"], 3)
            results[str(connections)] = row

    ratio = results[str(CONCURRENCIES[-1])]["throughput_ratio"]
    return {
        "benchmark": "gateway",
        "request": f"GET {PATH} with a bearer token (verified by the gateway and the service)",
        "warmup_seconds": WARMUP_SECONDS,
        "measure_seconds": MEASURE_SECONDS,
        "results": results,
        "goal": {"throughput_ratio_at_32": GOAL_RATIO_AT_32, "met": ratio >= GOAL_RATIO_AT_32},
        "machine": {
            "cores": os.cpu_count(),
            "platform": platform.platform(),
            "processor": platform.machine(),
            "python": platform.python_version(),
        },
        "versions": {
            **{p: version(p) for p in ("aiohttp", "uvicorn", "fastapi", "starlette", "uvloop")},
            "load_generator": _load_generator_version(wrk),
        },
        "commands": {
            "service": " ".join(service_command),
            "gateway": " ".join(gateway_command),
            "load": " ".join(load_command(wrk, "<url>", 32, MEASURE_SECONDS)),
            "benchmark": "make bench  (uv run python -m bench)",
        },
    }


def _load_generator_version(wrk: str | None) -> str:
    if not wrk:
        return "bench/loadgen.py (asyncio + aiohttp)"
    result = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    return (result.stdout + result.stderr).strip().splitlines()[0]


def print_table(report: dict[str, Any]) -> None:
    print(
        f"\n{'conns':>5} {'direct rps':>11} {'gateway rps':>12} {'ratio':>6} "
        f"{'p50 d/g ms':>15} {'p99 d/g ms':>15}"
    )
    for connections, row in report["results"].items():
        d, g = row["direct"], row["gateway"]
        print(
            f"{connections:>5} {d['requests_per_second']:>11.0f} {g['requests_per_second']:>12.0f} "
            f"{row['throughput_ratio']:>6.2f} {d['p50_ms']:>7.2f}/{g['p50_ms']:<7.2f} "
            f"{d['p99_ms']:>7.2f}/{g['p99_ms']:<7.2f}"
        )
    goal = report["goal"]
    print(
        f"goal: gateway >= {goal['throughput_ratio_at_32']} x direct at 32 -> "
        f"{'met' if goal['met'] else 'NOT met'}"
    )


def main() -> int:
    report = run()
    write_results(RESULTS, report)
    print_table(report)
    return 0
