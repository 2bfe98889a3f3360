"""The push service's state and rules, apart from HTTP: subscriptions, what arrived, the
failures it was told to answer, and messages waiting for a listener. One lock guards it
all (the HTTP server answers each request in a thread of its own)."""

import json
import secrets
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from weimin_push_service.crypto import (
    BrowserKeys,
    DecryptFailed,
    VapidRefused,
    b64url_decode,
    verify_vapid,
)

#: RFC 8030 §7.2: a push service takes at least 4096 bytes of payload; more is refused
#: (413), as the vendors' services do.
MAX_BODY_BYTES = 4096
URGENCIES = ("very-low", "low", "normal", "high")


@dataclass
class Subscription:
    id: str
    keys: BrowserKeys
    #: The VAPID key the "browser" subscribed with (`applicationServerKey`): a push signed
    #: by another key is refused (403, RFC 8292 §4.2). None: any valid signature.
    application_server_key: bytes | None
    #: Seconds since the epoch after which pushes are answered 410; None: never.
    expires_at: float | None
    active: bool = True

    def gone(self, now: float) -> bool:
        return not self.active or (self.expires_at is not None and now >= self.expires_at)


@dataclass
class Arrival:
    """One push request that reached a subscription's endpoint, and what it was answered."""

    id: str
    subscription: str
    received_at: str
    status: int
    verified: bool
    refusal: str | None = None
    payload: Any = None
    urgency: str | None = None
    ttl: int | None = None
    topic: str | None = None
    vapid_subject: str | None = None


@dataclass
class _Waiting:
    arrival: Arrival
    expires_at: float


@dataclass
class _Failures:
    status: int = 0
    count: int = 0
    retry_after: int = 0


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    text: str = ""


class PushService:
    def __init__(self, origin: str) -> None:
        #: Scheme, host and port, as VAPID's `aud` must name it and endpoints start.
        self.origin = origin.rstrip("/")
        self._lock = threading.Condition()
        self._subscriptions: dict[str, Subscription] = {}
        self._arrivals: list[Arrival] = []
        self._waiting: dict[str, list[_Waiting]] = {}
        self._failures = _Failures()

    # --- the browser's side --------------------------------------------------------------

    def subscribe(
        self, application_server_key: str | None = None, expires_in: float | None = None
    ) -> dict[str, Any]:
        """A new subscription, answered as a browser's `PushSubscription.toJSON()`."""
        server_key = b64url_decode(application_server_key) if application_server_key else None
        if server_key is not None and (len(server_key) != 65 or server_key[0] != 4):
            raise ValueError("applicationServerKey is not an uncompressed P-256 point")
        sub = Subscription(
            id=secrets.token_urlsafe(16),
            keys=BrowserKeys.generate(),
            application_server_key=server_key,
            expires_at=time.time() + expires_in if expires_in is not None else None,
        )
        with self._lock:
            self._subscriptions[sub.id] = sub
        return {
            "endpoint": f"{self.origin}/push/{sub.id}",
            "expirationTime": int(sub.expires_at * 1000) if sub.expires_at else None,
            "keys": {"p256dh": sub.keys.p256dh, "auth": sub.keys.auth},
        }

    def unsubscribe(self, subscription_id: str) -> bool:
        with self._lock:
            sub = self._subscriptions.get(subscription_id)
            if sub is None:
                return False
            sub.active = False
            self._waiting.pop(subscription_id, None)
            return True

    def next_message(self, subscription_id: str, timeout: float) -> Arrival | None:
        """The oldest message for the subscription not yet taken and within its TTL,
        waiting up to `timeout` seconds for one (a page hands it to its service worker)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                queue = self._waiting.get(subscription_id, [])
                now = time.time()
                queue[:] = [w for w in queue if w.expires_at >= now]
                if queue:
                    return queue.pop(0).arrival
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._lock.wait(left)

    # --- the sender's side ---------------------------------------------------------------

    def fail_next(self, status: int, count: int, retry_after: int = 0) -> None:
        with self._lock:
            self._failures = _Failures(status, count, retry_after)

    def push(self, subscription_id: str, headers: dict[str, str], body: bytes) -> Answer:
        """RFC 8030 §5 as a vendor's service answers it. `headers` are lower-cased."""
        now = time.time()
        failure: _Failures | None = None
        with self._lock:
            sub = self._subscriptions.get(subscription_id)
            if self._failures.count > 0:
                self._failures.count -= 1
                failure = _Failures(self._failures.status, 1, self._failures.retry_after)
        arrival = Arrival(
            id=secrets.token_urlsafe(12),
            subscription=subscription_id,
            received_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            status=0,
            verified=False,
            urgency=headers.get("urgency", "normal"),
            topic=headers.get("topic"),
        )
        answer = self._answer(sub, failure, headers, body, arrival, now)
        arrival.status = answer.status
        with self._lock:
            self._arrivals.append(arrival)
            if answer.status == 201:
                # A message still waiting under the same topic is replaced (RFC 8030 §5.4).
                queue = self._waiting.setdefault(subscription_id, [])
                if arrival.topic:
                    queue[:] = [w for w in queue if w.arrival.topic != arrival.topic]
                # TTL 0 is "now or never": a listener already waiting still gets it.
                queue.append(_Waiting(arrival, now + max(arrival.ttl or 0, 1)))
                self._lock.notify_all()
        return answer

    def _answer(
        self,
        sub: Subscription | None,
        failure: _Failures | None,
        headers: dict[str, str],
        body: bytes,
        arrival: Arrival,
        now: float,
    ) -> Answer:
        def refuse(status: int, reason: str) -> Answer:
            arrival.refusal = reason
            return Answer(status, {"Content-Type": "text/plain; charset=utf-8"}, reason)

        if sub is None or sub.gone(now):
            return refuse(410, "no such subscription (unsubscribed or expired)")
        if failure is not None:
            extra = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
            answer = refuse(failure.status, "failing on command")
            answer.headers.update(extra)
            return answer
        try:
            token = verify_vapid(headers.get("authorization"), self.origin, now)
        except VapidRefused as refused:
            return refuse(401, f"VAPID: {refused.reason}")
        arrival.vapid_subject = token.subject
        if (
            sub.application_server_key is not None
            and token.public_key != sub.application_server_key
        ):
            return refuse(403, "VAPID key is not the subscription's applicationServerKey")
        arrival.verified = True
        if headers.get("content-encoding", "").lower() != "aes128gcm":
            return refuse(415, "Content-Encoding must be aes128gcm")
        ttl = headers.get("ttl", "")
        if not ttl.isdigit():
            return refuse(400, "TTL header missing or not a number of seconds")
        arrival.ttl = int(ttl)
        if arrival.urgency not in URGENCIES:
            return refuse(400, f"Urgency must be one of {', '.join(URGENCIES)}")
        if arrival.topic is not None and not _topic_ok(arrival.topic):
            return refuse(400, "Topic must be at most 32 base64url characters")
        if len(body) > MAX_BODY_BYTES:
            return refuse(413, f"payload over {MAX_BODY_BYTES} bytes")
        try:
            plain = sub.keys.decrypt(body)
        except DecryptFailed as failed:
            return refuse(400, f"the payload cannot be decrypted ({failed})")
        arrival.payload = _readable(plain)
        return Answer(201, {"Location": f"{self.origin}/messages/{arrival.id}"})

    def arrivals(self, subscription_id: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            chosen = [a for a in self._arrivals if subscription_id in (None, a.subscription)]
            return [asdict(a) for a in chosen]

    def subscriptions(self) -> list[dict[str, Any]]:
        now = time.time()
        with self._lock:
            return [
                {"id": s.id, "endpoint": f"{self.origin}/push/{s.id}", "gone": s.gone(now)}
                for s in self._subscriptions.values()
            ]


def _topic_ok(topic: str) -> bool:
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    return 0 < len(topic) <= 32 and set(topic) <= alphabet


def _readable(plain: bytes) -> Any:
    """JSON when it is, else the text, else the bytes in hex."""
    try:
        text = plain.decode("utf-8")
    except UnicodeDecodeError:
        return plain.hex()
    try:
        return json.loads(text)
    except ValueError:
        return text
