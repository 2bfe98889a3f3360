"""The volunteers service as a real uvicorn process on a free port, on its own migrated
database, verifying tokens against the test keys through a JWKS endpoint of its own."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from weimin_kit.db import Database
from weimin_kit.migrations import upgrade_to_head
from weimin_kit.testing import TestKeys, create_test_database, drop_test_database
from weimin_volunteers.app import MIGRATIONS_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_listening(
    port: int, process: subprocess.Popen[bytes], timeout: float = 30.0
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


@contextmanager
def jwks_server(keys: TestKeys) -> Iterator[str]:
    body = json.dumps(keys.jwks).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@asynccontextmanager
async def migrated_database(label: str, directory: Path) -> AsyncIterator[str]:
    url = await create_test_database(label, directory)
    database = Database.from_url(url)
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    await database.dispose()
    try:
        yield url
    finally:
        await drop_test_database(url)


@contextmanager
def running_service(database_url: str, jwks_url: str) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "WEIMIN_VOLUNTEERS_DATABASE_URL": database_url,
        "WEIMIN_VOLUNTEERS_JWKS_URL": jwks_url,
        "WEIMIN_VOLUNTEERS_ENVIRONMENT": "test",
        "WEIMIN_VOLUNTEERS_LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "weimin_volunteers", "serve", "--port", str(port)], env=env
    )
    try:
        wait_until_listening(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)
