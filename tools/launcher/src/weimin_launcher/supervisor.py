"""Start, watch and stop the platform's processes.

A process that dies while the platform runs is reported (exit code and its last lines) and
started again after a back-off that doubles up to 30 s, so one crash-looping service
cannot flood the console or the machine.
"""

import asyncio
import contextlib
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx

from weimin_launcher.processes import Layout, Process

Report = Callable[[str], None]


class Child:
    def __init__(self, process: Process) -> None:
        self.process = process
        self.proc: asyncio.subprocess.Process | None = None
        self.tail: deque[str] = deque(maxlen=30)
        self.restarts = 0
        self.reader: asyncio.Task[None] | None = None


class Supervisor:
    def __init__(
        self,
        layout: Layout,
        processes: Sequence[Process],
        *,
        log_dir: Path,
        echo: bool = True,
        report: Report = print,
    ) -> None:
        self.layout = layout
        self.children = [Child(p) for p in processes]
        self.log_dir = log_dir
        self.echo = echo
        self.report = report
        self.stopping = False
        self._watchers: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for child in self.children:
            await self._spawn(child)
            self._watchers.append(asyncio.create_task(self._watch(child)))

    async def _spawn(self, child: Child) -> None:
        process = child.process
        child.proc = await asyncio.create_subprocess_exec(
            *self.layout.command(process, "serve"),
            env=self.layout.env(process),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us; we stop the children in order
        )
        child.reader = asyncio.create_task(self._pump(child, child.proc))

    async def _pump(self, child: Child, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        with (self.log_dir / f"{child.process.name}.log").open("ab") as log:
            async for raw in proc.stdout:
                log.write(raw)
                log.flush()
                line = raw.decode("utf-8", "replace").rstrip()
                child.tail.append(line)
                if self.echo:
                    self.report(f"{child.process.name:>12} | {line}")

    async def _watch(self, child: Child) -> None:
        backoff = 1.0
        while True:
            assert child.proc is not None
            started = time.monotonic()
            code = await child.proc.wait()
            if child.reader is not None:
                await child.reader
            if self.stopping:
                return
            if time.monotonic() - started > 60:
                backoff = 1.0
            child.restarts += 1
            last = "\n".join(f"    {line}" for line in list(child.tail)[-10:])
            self.report(
                f"!! {child.process.name} exited with code {code}; restarting in {backoff:.0f} s "
                f"(restart #{child.restarts}). Last lines:\n{last}"
            )
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 30.0)
            if self.stopping:
                return
            await self._spawn(child)

    async def wait_ready(self, within_seconds: float = 90.0) -> None:
        deadline = time.monotonic() + within_seconds
        async with httpx.AsyncClient(timeout=2.0) as client:
            for child in self.children:
                url = self.layout.url(child.process) + child.process.ready_path
                while True:
                    with contextlib.suppress(httpx.HTTPError):
                        if (await client.get(url)).status_code == 200:
                            break
                    if time.monotonic() > deadline:
                        tail = "\n".join(child.tail)
                        raise TimeoutError(f"{child.process.name} not ready at {url}:\n{tail}")
                    await asyncio.sleep(0.2)

    async def stop(self, grace: float = 8.0) -> None:
        self.stopping = True
        running = [c for c in self.children if c.proc and c.proc.returncode is None]
        for child in reversed(running):  # gateway first, so no request finds a dead service
            assert child.proc is not None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.proc.pid, signal.SIGTERM)
        for child in running:
            assert child.proc is not None
            try:
                await asyncio.wait_for(child.proc.wait(), grace)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.proc.pid, signal.SIGKILL)
                await child.proc.wait()
        for watcher in self._watchers:
            watcher.cancel()
        await asyncio.gather(*self._watchers, return_exceptions=True)

    def pid_of(self, name: str) -> int | None:
        for child in self.children:
            if child.process.name == name and child.proc is not None:
                return child.proc.pid
        return None

    def restarts_of(self, name: str) -> int:
        return next(c.restarts for c in self.children if c.process.name == name)
