"""Many kiosk streams on raw asyncio connections (lean enough for 2,000 in one process):
each reads `/v1/wall/stream` and notes when the bytes of a wanted event arrive."""

import asyncio
import os
import resource
import time
from pathlib import Path


def raise_open_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def server_pid(module: str) -> int:
    """The uvicorn child that running_service started from this process."""
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == me and f"-m {module} serve" in cmdline:
            return int(entry.name)
    raise RuntimeError(f"no {module} server among this process's children")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmRSS")


class KioskStream:
    """One SSE connection; `wanted` is the byte string that marks the awaited event."""

    def __init__(self, port: int, path: str, key: str) -> None:
        self.port, self.path, self.key = port, path, key
        self.ready = asyncio.Event()
        self.wanted: bytes | None = None
        self.arrived = asyncio.Event()
        self.arrived_at = 0.0
        self.buffer = b""
        self.writer: asyncio.StreamWriter | None = None

    async def run(self) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer = writer
        writer.write(
            f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"X-Kiosk-Key: {self.key}\r\nAccept: text/event-stream\r\n\r\n".encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(f"stream refused: {head[:120]!r}")
        while True:
            data = await reader.read(65536)
            if not data:
                return
            self.buffer += data
            if not self.ready.is_set() and b"retry:" in self.buffer:
                self.ready.set()
                self.buffer = b""
            if self.wanted is not None and self.wanted in self.buffer:
                self.arrived_at = time.perf_counter()
                self.wanted = None
                self.buffer = b""
                self.arrived.set()
            elif len(self.buffer) > 1 << 20:
                self.buffer = self.buffer[-4096:]

    def expect(self, wanted: bytes) -> None:
        self.buffer = b""
        self.arrived.clear()
        self.wanted = wanted

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
