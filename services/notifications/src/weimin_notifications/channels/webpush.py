"""Web Push (RFC 8030): a notification to a browser or installed app, through the push
service its vendor runs, encrypted for that browser (RFC 8291, aes128gcm) and signed with
our VAPID key (RFC 8292).

pywebpush encrypts the payload (`WebPusher.encode`) and py-vapid signs the token
(`Vapid.sign`); the request itself goes through the service's shared `httpx.AsyncClient`.
pywebpush's own senders use requests (blocking) or a new aiohttp session per send; ours
keeps the event loop free, reuses connections and timeouts, and the answer's status is
read here, once. Encrypting and signing take well under a millisecond: done inline.

`python -m weimin_notifications.channels.webpush` prints a new VAPID key pair.
"""

import ipaddress
import json
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid
from py_vapid.utils import b64urlencode
from pydantic import Field, SecretStr
from pywebpush import WebPusher

from weimin_kit.settings import ServiceSettings
from weimin_notifications.channels.base import (
    ChannelError,
    OutgoingMessage,
    RateLimited,
    Target,
    TargetGone,
)

#: RFC 8030 §7.2 asks push services to take 4096 bytes of encrypted payload; the
#: aes128gcm header (86 bytes with the key id), the padding delimiter and the tag (17)
#: leave this much for the JSON.
MAX_PLAINTEXT_BYTES = 4096 - 86 - 17
#: A token is good for 12 hours (at most 24, RFC 8292 §2); a new one is signed per send.
TOKEN_SECONDS = 12 * 3600
#: When a 429 names no Retry-After.
DEFAULT_RETRY_AFTER = 60.0

#: The push services of the browsers that have one: an endpoint elsewhere is refused, so a
#: subscription someone made up cannot make this service post to an address of its choosing.
VENDOR_PUSH_HOSTS = [
    "fcm.googleapis.com",  # Chrome, Edge on Android, most Chromium browsers
    "push.services.mozilla.com",  # Firefox
    "notify.windows.com",  # Edge on Windows
    "push.apple.com",  # Safari, iOS home-screen apps
]


class WebPushSettings(ServiceSettings):
    """The settings of a service that sends web push (under its own env prefix)."""

    #: The VAPID private key: PEM, or the raw 32-byte scalar in base64url. None: no web
    #: push (the channel is not built).
    web_push_vapid_private_key: SecretStr | None = None
    #: Who a push service can reach about our traffic (RFC 8292 `sub`).
    web_push_vapid_subject: str = Field(
        default="mailto:ops@weimin.example", pattern=r"^(mailto:|https://)"
    )
    #: How long a push service keeps a message for a browser that is offline.
    web_push_ttl_seconds: int = Field(default=24 * 3600, ge=0, le=28 * 24 * 3600)
    #: Hosts (and their subdomains) a subscription's endpoint may name, https only; a
    #: loopback host listed here may also be plain http (the local push service).
    web_push_endpoint_hosts: list[str] = Field(default_factory=lambda: list(VENDOR_PUSH_HOSTS))


def load_vapid_key(text: str) -> Vapid:
    """A VAPID signer from PEM (SEC1 or PKCS#8) or a base64url raw private key."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise ValueError("the VAPID key must be a P-256 key")
        return Vapid(private_key=key)
    return Vapid.from_string(text)


def _public_key_text(vapid: Vapid) -> str:
    raw = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return str(b64urlencode(raw))


def vapid_public_key(settings: WebPushSettings) -> str | None:
    """The app's `applicationServerKey` (base64url uncompressed point), or None."""
    secret = settings.web_push_vapid_private_key
    return _public_key_text(load_vapid_key(secret.get_secret_value())) if secret else None


def generate_vapid_keys() -> tuple[str, str]:
    """A new pair: (private key as base64url raw, public key as base64url point)."""
    vapid = Vapid()
    vapid.generate_keys()
    scalar = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    return str(b64urlencode(scalar)), _public_key_text(vapid)


def endpoint_allowed(settings: WebPushSettings, endpoint: str) -> bool:
    """Whether a subscription's endpoint names an allowed push service (check it when a
    subscription is stored, too)."""
    try:
        url = urlsplit(endpoint)
        host = (url.hostname or "").lower()
    except ValueError:
        return False
    listed = any(
        host == allowed or host.endswith("." + allowed)
        for allowed in (h.lower() for h in settings.web_push_endpoint_hosts)
    )
    if not listed or url.username or url.password:
        return False
    return url.scheme == "https" or (url.scheme == "http" and _loopback(host))


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _retry_after(value: str | None) -> float:
    if not value:
        return DEFAULT_RETRY_AFTER
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER


def payload(message: OutgoingMessage) -> bytes:
    """What the service worker reads (`event.data.json()`); a body too long for a push
    message is shortened, never refused."""
    fields: dict[str, Any] = {
        "title": message.title,
        "body": message.body,
        "link": message.link,
        "kind": message.kind,
        "urgent": message.urgent,
        "delivery_id": str(message.delivery_id),
    }
    body = message.body
    data = json.dumps(fields, ensure_ascii=False).encode()
    while len(data) > MAX_PLAINTEXT_BYTES and body:
        # Cut the excess and room for "…" (3 bytes) off the UTF-8, never mid-character;
        # JSON escapes only make the cut larger, so this ends in a pass or two.
        raw = body.encode()
        cut = len(raw) - (len(data) - MAX_PLAINTEXT_BYTES) - 3
        body = raw[: max(0, cut)].decode(errors="ignore")
        shortened = {**fields, "body": body + "…" if body else ""}
        data = json.dumps(shortened, ensure_ascii=False).encode()
    return data


@dataclass(frozen=True, slots=True)
class WebPushChannel:
    name: ClassVar[str] = "web_push"

    settings: WebPushSettings
    vapid: Vapid
    http: httpx.AsyncClient

    def _subscription(self, target: Target) -> dict[str, Any]:
        try:
            sub = json.loads(target.address)
            keys = sub["keys"]
            if not (isinstance(sub["endpoint"], str) and keys["p256dh"] and keys["auth"]):
                raise TypeError
        except (ValueError, TypeError, KeyError):
            raise ChannelError("web push: the subscription is not valid", retryable=False) from None
        if not endpoint_allowed(self.settings, sub["endpoint"]):
            raise ChannelError(
                "web push: the endpoint is not an allowed push service", retryable=False
            )
        return {
            "endpoint": sub["endpoint"],
            "keys": {"p256dh": keys["p256dh"], "auth": keys["auth"]},
        }

    def _headers(self, endpoint: str, message: OutgoingMessage) -> dict[str, str]:
        url = urlsplit(endpoint)
        claims = {
            "aud": f"{url.scheme}://{url.netloc}",
            "exp": int(time.time()) + TOKEN_SECONDS,
            "sub": self.settings.web_push_vapid_subject,
        }
        return {
            **self.vapid.sign(claims),
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(self.settings.web_push_ttl_seconds),
            "Urgency": "high" if message.urgent else "normal",
            # A retry replaces the same delivery if the push service still holds it
            # (RFC 8030 §5.4: up to 32 base64url characters; a UUID's hex is 32).
            "Topic": message.delivery_id.hex,
        }

    async def send(self, target: Target, message: OutgoingMessage) -> str | None:
        sub = self._subscription(target)
        try:
            body = WebPusher(sub).encode(payload(message), "aes128gcm")["body"]
        except Exception as error:
            # A p256dh that is not a P-256 point, an auth secret that is not base64url …:
            # whatever the library raises, this subscription will never take a message.
            raise ChannelError(
                "web push: the subscription's keys are not usable", retryable=False
            ) from error
        try:
            headers = self._headers(sub["endpoint"], message)
        except Exception as error:
            # py-vapid refuses a subject or an audience it cannot put in a token.
            raise ChannelError(
                "web push: the VAPID token cannot be signed", retryable=False
            ) from error
        try:
            answer = await self.http.post(sub["endpoint"], content=body, headers=headers)
        except httpx.HTTPError as error:
            raise ChannelError(f"web push: {type(error).__name__}") from error
        status = answer.status_code
        if status in (201, 202):
            location = answer.headers.get("Location")
            return str(location) if location else None
        if status in (404, 410):
            raise TargetGone(f"web push: the subscription is gone ({status})")
        if status == 429:
            raise RateLimited(
                "web push: rate limited (429)", _retry_after(answer.headers.get("Retry-After"))
            )
        if status in (401, 403):
            raise ChannelError(
                f"web push: our VAPID credentials were refused ({status})", retryable=False
            )
        if 400 <= status < 500:
            raise ChannelError(f"web push: the message was refused ({status})", retryable=False)
        raise ChannelError(f"web push: the push service answered {status}")


def build_web_push(settings: WebPushSettings, http: httpx.AsyncClient) -> WebPushChannel | None:
    """The channel, or None when no VAPID key is set."""
    secret = settings.web_push_vapid_private_key
    if secret is None:
        return None
    return WebPushChannel(settings, load_vapid_key(secret.get_secret_value()), http)


if __name__ == "__main__":
    private_key, public_key = generate_vapid_keys()
    print(f"WEIMIN_NOTIFICATIONS_WEB_PUSH_VAPID_PRIVATE_KEY={private_key}")
    print(f"# applicationServerKey (public): {public_key}")
