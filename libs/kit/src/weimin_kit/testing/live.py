"""Real servers for tests that must not run in-process (concurrency, streams, crashes):
a migrated database of its own, a JWKS endpoint publishing the test keys, and the service
as a uvicorn subprocess on a free loopback port."""

import asyncio
import json
import os
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from weimin_kit.db import Database
from weimin_kit.migrations import upgrade_to_head
from weimin_kit.testing.databases import create_test_database, drop_test_database
from weimin_kit.testing.tokens import TestKeys


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def migrated_database(
    label: str, directory: Path, migrations_dir: Path
) -> AsyncIterator[str]:
    """A fresh database at the code's head, dropped afterwards; yields its URL."""
    url = await create_test_database(label, directory)
    database = Database.from_url(url)
    await upgrade_to_head(database.engine, migrations_dir)
    await database.dispose()
    try:
        yield url
    finally:
        await drop_test_database(url)


@contextmanager
def jwks_server(keys: TestKeys) -> Iterator[str]:
    """Publishes the test keys like the org-registry does; yields the JWKS URL."""
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
        server.server_close()
        thread.join(timeout=5)


async def _wait_until_listening(
    port: int, process: asyncio.subprocess.Process, within_seconds: float = 120.0
) -> None:
    # Returns as soon as the port answers and fails at once if the server exits, so the
    # bound only has to outlast a slow start: 30 s ran out on a machine with two test
    # workers among other work (load about 14).
    deadline = time.monotonic() + within_seconds
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before listening")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise RuntimeError(f"nothing listens on {port}")


@asynccontextmanager
async def running_service(
    module: str,
    env_prefix: str,
    *,
    database_url: str,
    keys: TestKeys,
    settings: Mapping[str, str] | None = None,
) -> AsyncIterator[str]:
    """`python -m <module> serve` on a free port, trusting `keys`; yields its base URL.

    `settings` are extra WEIMIN_<SERVICE>_ values without the prefix ({"LOG_LEVEL": …}).
    """
    with jwks_server(keys) as jwks_url:
        async with _serve(module, env_prefix, database_url, jwks_url, settings) as base_url:
            yield base_url


@asynccontextmanager
async def _serve(
    module: str,
    env_prefix: str,
    database_url: str,
    jwks_url: str,
    settings: Mapping[str, str] | None,
) -> AsyncIterator[str]:
    port = free_port()
    env = {
        **os.environ,
        f"{env_prefix}DATABASE_URL": database_url,
        f"{env_prefix}JWKS_URL": jwks_url,
        f"{env_prefix}ENVIRONMENT": "test",
        f"{env_prefix}LOG_LEVEL": "WARNING",
        # No relay unless a test wires peers: default peers are the `make run` ports.
        f"{env_prefix}EVENTS_TRANSPORT": "none",
        **{f"{env_prefix}{name}": value for name, value in (settings or {}).items()},
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", module, "serve", "--port", str(port), env=env
    )
    try:
        await _wait_until_listening(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
