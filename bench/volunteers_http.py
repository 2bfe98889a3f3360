"""A lean keep-alive HTTP/1.1 GET client for the volunteers benchmark: httpx spends
milliseconds of CPU per request, which on a two-core machine shared with the server would
be measured as the server's latency."""

import asyncio
import time
from collections.abc import Callable, Sequence


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> "Connection":
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def get(self, path: str, token: str) -> tuple[int, bytes]:
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            "Accept: application/json\r\n\r\n".encode()
        )
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def run_gets(
    port: int, token: str, path_of: Callable[[int], str], total: int, concurrency: int
) -> tuple[list[float], dict[int, int], list[bytes]]:
    """`total` GETs (path_of(n)) over `concurrency` connections, each request sent when
    the connection's previous answer is in: (latencies in s, statuses, one body each)."""
    requests = [(path_of(n), token) for n in range(total)]
    return await run_requests(port, requests, concurrency)


async def run_requests(
    port: int, requests: Sequence[tuple[str, str]], concurrency: int
) -> tuple[list[float], dict[int, int], list[bytes]]:
    """Every (path, bearer token) once, `concurrency` in flight, each connection sending
    its next when the previous answer is in: (latencies in s, statuses, bodies)."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    bodies: list[bytes] = []
    pending = iter(requests)

    async def worker() -> None:
        connection = await Connection.open(port)
        try:
            for path, token in pending:
                started = time.perf_counter()
                status, body = await connection.get(path, token)
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
                bodies.append(body)
        finally:
            connection.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, statuses, bodies
