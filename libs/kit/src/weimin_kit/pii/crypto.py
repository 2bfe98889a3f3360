"""Field-level encryption and blind indexes for personal data at rest.

Encrypted values are self-describing ASCII tokens ``v1.<kid>.<payload>`` where the
payload is unpadded URL-safe base64 of ``nonce (12 bytes) || ciphertext || tag``
produced by AES-256-GCM. The caller's ``context`` (for example ``"people.id_card"``)
and the key id are bound as associated data, so a token copied to another column or
relabelled with another key id does not decrypt.

A blind index is a keyed HMAC-SHA256 of the normalised value: equal values give equal
digests (exact lookup, de-duplication) but the digest reveals nothing without the key.
"""

import base64
import binascii
import hmac
import os
import re
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_VERSION = "v1"
_NONCE_BYTES = 12
_KEY_BYTES = 32
_KID = re.compile(r"[A-Za-z0-9_-]{1,32}")


class DecryptionError(Exception):
    """A token is malformed, names an unknown key, or was tampered with."""


class KeyringError(ValueError):
    """A key or keyring setting is malformed; the message never contains key material."""


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode_strict(text: str) -> bytes:
    """Decode unpadded URL-safe base64, refusing any non-canonical spelling."""
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise DecryptionError("token payload is not base64") from None
    # Unused low bits of the last character would otherwise let two spellings decode alike.
    if _b64encode(raw) != text:
        raise DecryptionError("token payload is not canonical base64")
    return raw


def _check_key(kid: str, key: bytes) -> None:
    if not _KID.fullmatch(kid):
        raise KeyringError(f"key id {kid!r} must be 1-32 letters, digits, '-' or '_'")
    if len(key) != _KEY_BYTES:
        raise KeyringError(f"key {kid!r} is {len(key)} bytes; AES-256 needs {_KEY_BYTES}")


def _aad(kid: str, context: str) -> bytes:
    if not context:
        raise ValueError("an encryption context is required")
    return f"weimin-field:{_VERSION}:{kid}:{context}".encode()


class FieldCipher:
    """Encrypts short strings for storage with AES-256-GCM under a rotating keyring.

    New tokens use ``active_key_id``; tokens made under any other key in ``keys`` still
    decrypt, so rotation is: add the new key, make it active, re-encrypt rows for which
    `needs_reencryption` is true, then drop the old key.
    """

    __slots__ = ("_active", "_ciphers")

    def __init__(self, keys: Mapping[str, bytes], active_key_id: str) -> None:
        for kid, key in keys.items():
            _check_key(kid, key)
        if active_key_id not in keys:
            raise KeyringError(f"active key {active_key_id!r} is not in the keyring")
        self._ciphers = {kid: AESGCM(key) for kid, key in keys.items()}
        self._active = active_key_id

    @property
    def active_key_id(self) -> str:
        return self._active

    def encrypt(self, plaintext: str, *, context: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._ciphers[self._active].encrypt(
            nonce, plaintext.encode("utf-8"), _aad(self._active, context)
        )
        return f"{_VERSION}.{self._active}.{_b64encode(nonce + sealed)}"

    def decrypt(self, token: str, *, context: str) -> str:
        kid, payload = self._parse(token)
        cipher = self._ciphers.get(kid)
        if cipher is None:
            raise DecryptionError(f"token was made with unknown key {kid!r}")
        raw = _b64decode_strict(payload)
        if len(raw) < _NONCE_BYTES + 16:
            raise DecryptionError("token payload is too short")
        try:
            plain = cipher.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _aad(kid, context))
        except InvalidTag:
            raise DecryptionError("token failed authentication (context or tampering)") from None
        return plain.decode("utf-8")

    def needs_reencryption(self, token: str) -> bool:
        """True when the token was made with a key other than the active one."""
        return self._parse(token)[0] != self._active

    def reencrypt(self, token: str, *, context: str) -> str:
        """The same plaintext under the active key (returns ``token`` if already current)."""
        if not self.needs_reencryption(token):
            return token
        return self.encrypt(self.decrypt(token, context=context), context=context)

    @staticmethod
    def _parse(token: str) -> tuple[str, str]:
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != _VERSION:
            raise DecryptionError("not a v1 field token")
        return parts[1], parts[2]


class BlindIndex:
    """Keyed digests for exact-match lookup of encrypted values.

    Normalise before hashing (for example with ``validate_id_card``): the digest is of
    the exact string given. ``context`` separates columns, so the same phone number in
    two tables gives unrelated digests.
    """

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        if len(key) < _KEY_BYTES:
            raise KeyringError(f"blind index key is {len(key)} bytes; need at least {_KEY_BYTES}")
        self._key = key

    def digest(self, value: str, *, context: str) -> str:
        """64 lowercase hex characters of HMAC-SHA256 over ``context`` and ``value``."""
        if not context:
            raise ValueError("a blind index context is required")
        message = context.encode("utf-8") + b"\x00" + value.encode("utf-8")
        # The one-shot form: OpenSSL in one call, several times quicker than an HMAC object
        # (a partner's batch takes a dozen digests a record).
        return hmac.digest(self._key, message, "sha256").hex()


def generate_key() -> str:
    """A fresh 256-bit key as standard base64, ready for `parse_keyring` settings."""
    return base64.b64encode(os.urandom(_KEY_BYTES)).decode("ascii")


def parse_keyring(setting: str) -> dict[str, bytes]:
    """Parse ``"k1:<base64>,k2:<base64>"`` into ``{"k1": key, "k2": key}``.

    Standard or URL-safe base64 are both accepted. Every key must be 32 bytes; key ids
    must be unique. Errors name the offending key id, never the key.
    """
    keys: dict[str, bytes] = {}
    entries = [entry.strip() for entry in setting.split(",") if entry.strip()]
    if not entries:
        raise KeyringError("keyring is empty; expected 'kid:base64key[,kid:base64key...]'")
    for position, entry in enumerate(entries, start=1):
        kid, sep, encoded = entry.partition(":")
        kid, encoded = kid.strip(), encoded.strip()
        if not sep or not kid or not encoded:
            raise KeyringError(f"keyring entry {position} is not 'kid:base64key'")
        if kid in keys:
            raise KeyringError(f"key id {kid!r} appears twice in the keyring")
        normalised = encoded.replace("-", "+").replace("_", "/")
        try:
            key = base64.b64decode(normalised + "=" * (-len(normalised) % 4), validate=True)
        except (binascii.Error, ValueError):
            raise KeyringError(f"key {kid!r} is not valid base64") from None
        _check_key(kid, key)
        keys[kid] = key
    return keys
