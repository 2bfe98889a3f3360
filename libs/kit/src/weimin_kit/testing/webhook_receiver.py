"""A partner's webhook endpoint on a real socket, as the public-security system would run
one: it verifies each delivery with the `standardwebhooks` reference library, keeps the
first of each `webhook-id` (de-duplicating retries), and can be down on command. Used by
the grid's webhook tests and the exchange benchmark."""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass
class Receiver:
    url: str = ""
    secrets: list[str] = field(default_factory=list)
    #: While set, every delivery is answered 503 and not kept.
    down: bool = False
    #: webhook-ids to process but answer 500 once (the answer lost on the way back).
    lose_answer_once: set[str] = field(default_factory=set)
    #: Each processed delivery once, in arrival order: (webhook-id, payload).
    kept: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: When each of `kept` arrived (epoch seconds, this machine's clock).
    kept_at: list[float] = field(default_factory=list)
    #: Every request that arrived, kept or not: (webhook-id, status answered).
    arrivals: list[tuple[str, int]] = field(default_factory=list)
    #: Whether an event ever arrived before an earlier event of its incident was kept.
    out_of_order: int = 0
    refused_signatures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Indexes of `kept`, so each arrival costs the same however many came before.
    _kept_ids: set[str] = field(default_factory=set)
    _sequences: dict[str, set[int]] = field(default_factory=dict)

    def verified(self, body: bytes, headers: dict[str, str]) -> dict[str, Any] | None:
        for secret in self.secrets:
            try:
                payload: dict[str, Any] = Webhook(secret).verify(body, headers)
                return payload
            except WebhookVerificationError:
                continue
        return None

    def handle(self, body: bytes, headers: dict[str, str]) -> int:
        message_id = headers.get("webhook-id", "")
        with self.lock:
            if self.down:
                status = 503
            else:
                payload = self.verified(body, headers)
                if payload is None:
                    self.refused_signatures += 1
                    status = 401
                else:
                    if message_id not in self._kept_ids:
                        self._keep(message_id, payload)
                    status = 200
                    if message_id in self.lose_answer_once:
                        self.lose_answer_once.discard(message_id)
                        status = 500
            self.arrivals.append((message_id, status))
            self._check_order(json.loads(body)["data"])
            return status

    def _keep(self, message_id: str, payload: dict[str, Any]) -> None:
        self.kept.append((message_id, payload))
        self.kept_at.append(time.time())
        self._kept_ids.add(message_id)
        data = payload["data"]
        self._sequences.setdefault(data["incident_id"], set()).add(data["sequence"])

    def _check_order(self, data: dict[str, Any]) -> None:
        kept = self._sequences.get(data["incident_id"], set())
        # Sequences start at 1 (the report) and rise by one per step of the incident.
        if any(earlier not in kept for earlier in range(1, data["sequence"])):
            self.out_of_order += 1


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        # Keep-alive, as a partner's web server would: a connection per delivery is not
        # what is being measured.
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            status = receiver.handle(body, headers)
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        # The standard library's listen backlog is 5: a burst of deliveries on new
        # connections would be refused at the socket, which no real web server does.
        request_queue_size = 128

    server = Server(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/weimin/events"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
