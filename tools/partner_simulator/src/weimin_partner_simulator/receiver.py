"""The partner's webhook endpoint: a small HTTP server in a thread that verifies each
delivery with the Standard Webhooks library, takes each `webhook-id` once, checks the
order of each incident's events by `sequence`, and can be told to fail (answer 500) for a
while or for a number of deliveries, so Weimin's retries can be watched."""

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass(frozen=True)
class Event:
    webhook_id: str
    type: str
    data: dict[str, Any]

    @property
    def incident_id(self) -> str:
        return str(self.data.get("incident_id"))

    @property
    def sequence(self) -> int:
        return int(self.data.get("sequence", 0))


@dataclass
class FailMode:
    """Answer 500 to the next `deliveries` deliveries, or to all until `until` (monotonic
    seconds); both 0: answer normally."""

    deliveries: int = 0
    until: float = 0.0

    def take(self) -> bool:
        if self.deliveries > 0:
            self.deliveries -= 1
            return True
        return time.monotonic() < self.until


@dataclass
class Receiver:
    secret: str = ""
    fail: FailMode = field(default_factory=FailMode)
    #: Called with each new, verified event (in the server's thread).
    on_event: Callable[[Event], None] = lambda event: None
    say: Callable[[str], None] = lambda line: print(line, flush=True)
    #: Every event taken, once each, in arrival order.
    events: list[Event] = field(default_factory=list)
    answered_500: int = 0
    duplicates: int = 0
    refused_signatures: int = 0
    out_of_order: int = 0
    _seen: set[str] = field(default_factory=set)
    _last_sequence: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_for(self, *, deliveries: int = 0, seconds: float = 0.0) -> None:
        with self._lock:
            self.fail = FailMode(deliveries, time.monotonic() + seconds if seconds else 0.0)

    def receive(self, body: bytes, headers: dict[str, str]) -> int:
        """The status to answer one POST with."""
        with self._lock:
            message_id = headers.get("webhook-id", "?")
            if self.fail.take():
                self.answered_500 += 1
                self.say(f"[webhook] {message_id} answered 500 (failing on command)")
                return 500
            try:
                payload = Webhook(self.secret).verify(body, headers)
            except WebhookVerificationError as refused:
                self.refused_signatures += 1
                self.say(f"[webhook] {message_id} refused: {refused}")
                return 400
            if message_id in self._seen:
                self.duplicates += 1
                self.say(f"[webhook] {message_id} again: already taken, answered 204")
                return 204
            self._seen.add(message_id)
            event = Event(message_id, payload.get("type", "?"), payload.get("data", {}))
            self._check_order(event)
            self.events.append(event)
        self.on_event(event)
        return 204

    def _check_order(self, event: Event) -> None:
        last = self._last_sequence.get(event.incident_id, 0)
        if event.sequence != last + 1:
            self.out_of_order += 1
            self.say(
                f"[order] incident {event.incident_id}: sequence {event.sequence} "
                f"after {last} (expected {last + 1})"
            )
        self._last_sequence[event.incident_id] = max(last, event.sequence)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            status = receiver.receive(body, headers)
            answer = json.dumps({"status": status}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: object) -> None:
            return  # the receiver says what matters itself

    return Handler


@contextmanager
def listening(receiver: Receiver, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serves `receiver` on host:port (0: a free port); yields the endpoint's URL."""
    server = ThreadingHTTPServer((host, port), _handler(receiver))
    thread = threading.Thread(target=server.serve_forever, name="webhook-receiver", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/webhooks/weimin"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
