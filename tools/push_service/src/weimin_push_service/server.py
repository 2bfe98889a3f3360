"""The push service over HTTP (stdlib `http.server`, a thread per request so a long-polling
listener does not hold up pushes)."""

import json
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from weimin_push_service.page import render
from weimin_push_service.service import MAX_BODY_BYTES, PushService

#: Bodies larger than this are not read at all (a push over 4096 bytes is answered 413).
READ_LIMIT = 64 * 1024
#: The longest a `GET /_next` waits.
MAX_WAIT_SECONDS = 60.0


def _handler(service: PushService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "weimin-push-service"

        def log_message(self, format: str, *args: object) -> None:
            return  # the arrivals page is the log

        def _send(
            self, status: int, body: bytes = b"", headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, value: Any) -> None:
            body = json.dumps(value, ensure_ascii=False).encode()
            # A test page on another origin may read arrivals and wait on /_next.
            headers = {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"}
            self._send(status, body, headers)

        def _body(self) -> bytes | None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > READ_LIMIT:
                return None
            return self.rfile.read(length) if length else b""

        def _json_body(self) -> dict[str, Any]:
            raw = self._body() or b""
            value = json.loads(raw) if raw.strip() else {}
            if not isinstance(value, dict):
                raise ValueError("a JSON object is expected")
            return value

        def do_GET(self) -> None:
            try:
                self._get()
            except ValueError as bad:
                self._send(400, str(bad).encode(), {"Content-Type": "text/plain; charset=utf-8"})

        def _get(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            if url.path == "/":
                page = render(service.origin, service.subscriptions(), service.arrivals())
                self._send(200, page.encode(), {"Content-Type": "text/html; charset=utf-8"})
            elif url.path == "/_arrivals":
                self._json(200, service.arrivals(query.get("subscription")))
            elif url.path == "/_next" and "subscription" in query:
                wait = min(float(query.get("timeout", "25")), MAX_WAIT_SECONDS)
                arrival = service.next_message(query["subscription"], wait)
                if arrival is None:
                    self._send(204, headers={"Access-Control-Allow-Origin": "*"})
                else:
                    self._json(200, asdict(arrival))
            else:
                self._send(404)

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            try:
                if path.startswith("/push/"):
                    self._push(path.removeprefix("/push/"))
                elif path == "/subscriptions":
                    given = self._json_body()
                    sub = service.subscribe(
                        given.get("application_server_key"), given.get("expires_in_seconds")
                    )
                    self._json(201, sub)
                elif path == "/_control/fail":
                    given = self._json_body()
                    service.fail_next(
                        int(given.get("status", 500)),
                        int(given.get("count", 1)),
                        int(given.get("retry_after", 0)),
                    )
                    self._send(204)
                else:
                    self._send(404)
            except (ValueError, TypeError) as bad:
                self._send(400, str(bad).encode(), {"Content-Type": "text/plain; charset=utf-8"})

        def _push(self, subscription_id: str) -> None:
            body = self._body()
            if body is None:
                self.close_connection = True
                self._send(413, f"payload over {MAX_BODY_BYTES} bytes".encode())
                return
            headers = {name.lower(): value for name, value in self.headers.items()}
            answer = service.push(subscription_id, headers, body)
            self._send(answer.status, answer.text.encode(), answer.headers)

        def do_DELETE(self) -> None:
            path = urlsplit(self.path).path
            if path.startswith("/subscriptions/") and service.unsubscribe(
                path.removeprefix("/subscriptions/")
            ):
                self._send(204)
            else:
                self._send(404)

    return Handler


class PushServer(ThreadingHTTPServer):
    """Bound at construction; `origin` defaults to http://<host>:<bound port>."""

    daemon_threads = True

    def __init__(self, host: str, port: int, origin: str | None = None) -> None:
        super().__init__((host, port), BaseHTTPRequestHandler)
        shown_host = "127.0.0.1" if host in ("", "0.0.0.0") else host  # noqa: S104
        self.push_service = PushService(origin or f"http://{shown_host}:{self.server_address[1]}")
        self.RequestHandlerClass = _handler(self.push_service)
