"""A lean HTTP/1.1 client for the load-shaped tests: httpx spends about 10 ms of CPU per
request, which on a two-core machine would be measured as the server's slowness."""

import asyncio
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def _request(path: str, headers: Mapping[str, str], payload: Any) -> bytes:
    body = json.dumps(payload).encode()
    lines = [
        f"POST {path} HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _read_answer(reader: asyncio.StreamReader) -> Answer:
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    return Answer(status, await reader.readexactly(length))


async def post_all(
    port: int,
    requests: Sequence[tuple[str, Mapping[str, str], Any]],
    connections: int = 64,
) -> list[Answer]:
    """POST every (path, headers, json) over `connections` keep-alive connections at once;
    answers come back in the order of `requests`."""
    answers: list[Answer | None] = [None] * len(requests)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(len(requests)):
        queue.put_nowait(index)

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while not queue.empty():
                index = queue.get_nowait()
                path, headers, payload = requests[index]
                writer.write(_request(path, headers, payload))
                await writer.drain()
                answers[index] = await _read_answer(reader)
        finally:
            writer.close()
            await writer.wait_closed()

    await asyncio.gather(*(worker() for _ in range(min(connections, len(requests)))))
    return [answer for answer in answers if answer is not None]
