"""The channel simulator (tools/channel_simulator) as a real process on a free loopback
port, for the WeCom, DingTalk and WeChat channel tests, and a clock they move by hand."""

import asyncio
import json
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from weimin_kit.testing.live import free_port
from weimin_notifications.channels.base import OutgoingMessage

LINK_BASE = "https://weimin.example.cn"


class ManualClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Simulator:
    def __init__(self, base_url: str, control: httpx.AsyncClient) -> None:
        self.base_url = base_url
        self._control = control

    async def arrivals(self, channel: str) -> list[dict[str, Any]]:
        answer = await self._control.get("/_arrivals", params={"channel": channel})
        answer.raise_for_status()
        arrivals: list[dict[str, Any]] = answer.json()
        return arrivals

    async def tokens_issued(self, provider: str) -> int:
        answer = await self._control.get("/_stats")
        return int(answer.json()["tokens_issued"].get(provider, 0))

    async def fail(self, path: str, *, times: int = 1, **answer: int | str) -> None:
        sent = await self._control.post("/_control/fail", json={"path": path, "times": times,
                                                                **answer})  # fmt: skip
        sent.raise_for_status()

    async def expire_tokens(self) -> None:
        (await self._control.post("/_control/expire-tokens")).raise_for_status()

    async def reset(self) -> None:
        (await self._control.post("/_control/reset")).raise_for_status()


@asynccontextmanager
async def running_simulator(directory: Path, config: dict[str, Any]) -> AsyncIterator[Simulator]:
    """`python -m weimin_channel_simulator` with `config` (its JSON file's content)."""
    config_file = directory / "channels.json"
    config_file.write_text(json.dumps(config), encoding="utf-8")
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "weimin_channel_simulator",
        "--port", str(port), "--config", str(config_file),
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as control:
            await _wait_until_answering(control, process)
            yield Simulator(base_url, control)
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _wait_until_answering(
    control: httpx.AsyncClient, process: asyncio.subprocess.Process
) -> None:
    # Generous: a start can be slow on a loaded two-core machine; fails at once on exit.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise RuntimeError(f"the simulator exited with {process.returncode}")
        try:
            if (await control.get("/_stats")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.05)
    raise RuntimeError("the simulator did not answer")


def message(**fields: Any) -> OutgoingMessage:
    defaults: dict[str, Any] = {
        "delivery_id": uuid.uuid4(),
        "kind": "incident.assigned",
        "title": "新事件待处理",
        "body": "幸福里 3 号楼 配电箱漏电，请尽快处理。",
        "link": "/incidents/42",
    }
    return OutgoingMessage(**{**defaults, **fields})
