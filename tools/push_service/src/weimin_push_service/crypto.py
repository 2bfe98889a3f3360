"""What a browser and its push service do with keys: the browser's P-256 key pair and auth
secret (RFC 8291 §2), decrypting a message (RFC 8291 §3.4 on RFC 8188's aes128gcm), and
checking the sender's VAPID token (RFC 8292 §2–4).

The token is checked by hand with `cryptography`, not with a VAPID library a sender would
use to make it, so a fault in that library is not mirrored here."""

import base64
import json
import os
import time
from dataclasses import dataclass
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

#: RFC 8292 §2: a token's `exp` is no more than 24 hours after the request.
MAX_TOKEN_SECONDS = 24 * 3600


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def point(key: ec.EllipticCurvePublicKey) -> bytes:
    """The uncompressed point (65 bytes, 0x04 ‖ x ‖ y), as Web Push writes public keys."""
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


class DecryptFailed(Exception):
    pass


@dataclass(frozen=True)
class BrowserKeys:
    """What a browser keeps for one subscription and never gives the push service in a real
    deployment; here the service plays both, so it can show what arrived."""

    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @classmethod
    def generate(cls) -> "BrowserKeys":
        return cls(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url_encode(point(self.private_key.public_key()))

    @property
    def auth(self) -> str:
        return b64url_encode(self.auth_secret)

    def decrypt(self, body: bytes) -> bytes:
        # The aes128gcm header holds the salt, the record size and, as its key id, the
        # sender's one-time public key (RFC 8291 §4): http_ece reads them from there and
        # mixes in the auth secret and both public keys ("WebPush: info").
        try:
            plain = http_ece.decrypt(
                body,
                private_key=self.private_key,
                auth_secret=self.auth_secret,
                version="aes128gcm",
            )
        except Exception as error:  # http_ece raises its own, cryptography InvalidTag …
            raise DecryptFailed(type(error).__name__) from error
        return bytes(plain)


class VapidRefused(Exception):
    """The request's VAPID credentials are missing or wrong (answered 401)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class VapidToken:
    subject: str
    #: The sender's public key, the uncompressed point.
    public_key: bytes
    expires: int


def _parameters(authorization: str) -> dict[str, str]:
    scheme, _, rest = authorization.strip().partition(" ")
    if scheme.lower() != "vapid":
        raise VapidRefused("the Authorization scheme is not vapid")
    fields: dict[str, str] = {}
    for part in rest.split(","):
        name, sep, value = part.strip().partition("=")
        if sep:
            fields[name.strip().lower()] = value.strip()
    return fields


def _signature_ok(key: ec.EllipticCurvePublicKey, signed: bytes, signature: bytes) -> bool:
    # JWS ES256 writes r ‖ s, 32 bytes each; cryptography verifies DER.
    if len(signature) != 64:
        return False
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    try:
        key.verify(der, signed, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def verify_vapid(authorization: str | None, audience: str, now: float | None = None) -> VapidToken:
    """Checks `Authorization: vapid t=<JWT>, k=<key>`: an ES256 signature by `k`, `aud`
    this service's origin, `exp` in the future and at most 24 h ahead, `sub` a contact."""
    if not authorization:
        raise VapidRefused("no Authorization header")
    fields = _parameters(authorization)
    token, key_text = fields.get("t"), fields.get("k")
    if not token or not key_text:
        raise VapidRefused("t= or k= is missing")
    try:
        raw_key = b64url_decode(key_text)
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw_key)
    except ValueError:
        raise VapidRefused("k is not a P-256 public key") from None
    parts = token.split(".")
    if len(parts) != 3:
        raise VapidRefused("t is not a signed JWT")
    try:
        header: Any = json.loads(b64url_decode(parts[0]))
        claims: Any = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except ValueError:
        raise VapidRefused("t cannot be read") from None
    if not isinstance(header, dict) or header.get("alg") != "ES256":
        raise VapidRefused("the token is not ES256")
    if not _signature_ok(key, f"{parts[0]}.{parts[1]}".encode("ascii"), signature):
        raise VapidRefused("the signature does not match k")
    if not isinstance(claims, dict):
        raise VapidRefused("the claims are not an object")
    if claims.get("aud") != audience:
        raise VapidRefused(f"aud is not {audience}")
    expires = claims.get("exp")
    now = time.time() if now is None else now
    if type(expires) is not int or expires <= now:
        raise VapidRefused("exp is missing or past")
    if expires > now + MAX_TOKEN_SECONDS:
        raise VapidRefused("exp is more than 24 hours ahead")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.startswith(("mailto:", "https:")):
        raise VapidRefused("sub is not a mailto: or https: contact")
    return VapidToken(subject=subject, public_key=raw_key, expires=expires)
