"""A real wishes server for the tests that must not run in-process: uvicorn in its own
process on a migrated database, verifying tokens against a JWKS served from this process."""

import asyncio
import json
import os
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from weimin_kit.db import Database
from weimin_kit.migrations import upgrade_to_head
from weimin_kit.testing import TestKeys, create_test_database, drop_test_database
from weimin_wishes.app import MIGRATIONS_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def jwks_server(keys: TestKeys) -> Iterator[str]:
    document = json.dumps(keys.jwks).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(document)))
            self.end_headers()
            self.wfile.write(document)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()
        server.server_close()


async def wait_until_ready(
    port: int, process: asyncio.subprocess.Process, timeout_seconds: float = 30.0
) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise RuntimeError("the wishes server exited before it was ready")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise RuntimeError(f"nothing listens on {port}")


@asynccontextmanager
async def running_wishes(directory: Path, keys: TestKeys) -> AsyncIterator[str]:
    url = await create_test_database("wishes-live", directory)
    database = Database.from_url(url)
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    await database.dispose()
    port = free_port()
    try:
        with jwks_server(keys) as jwks_url:
            env = {
                **os.environ,
                "WEIMIN_WISHES_DATABASE_URL": url,
                "WEIMIN_WISHES_JWKS_URL": jwks_url,
                "WEIMIN_WISHES_ENVIRONMENT": "test",
                "WEIMIN_WISHES_RELEASE_SWEEP_SECONDS": "0",
                "WEIMIN_WISHES_WALL_POLL_SECONDS": "0.05",
                "WEIMIN_WISHES_WALL_HEARTBEAT_SECONDS": "1",
                "WEIMIN_WISHES_LOG_LEVEL": "WARNING",
            }
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "uvicorn", "--factory", "weimin_wishes.app:create_app",
                "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                "--no-access-log", env=env,
            )  # fmt: skip
            try:
                await wait_until_ready(port, process)
                yield f"http://127.0.0.1:{port}"
            finally:
                process.terminate()
                try:
                    await asyncio.wait_for(process.wait(), 15)
                except TimeoutError:
                    process.kill()
                    await process.wait()
    finally:
        await drop_test_database(url)
