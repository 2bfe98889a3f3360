"""Deterministic ids and randomness: everything derives from ``sha256(f"{seed}:{kind}:{n}")``."""

import hashlib
import uuid

from weimin_kit.ids import uuid7_from

#: 2024-01-01T00:00:00Z; every demo id carries this timestamp.
FIXED_EPOCH_MS = 1_704_067_200_000


def digest(seed: int, kind: str, n: int | str) -> bytes:
    return hashlib.sha256(f"{seed}:{kind}:{n}".encode()).digest()


def derive_id(seed: int, kind: str, n: int | str) -> uuid.UUID:
    """The id every service derives for the ``n``-th thing of ``kind``."""
    return uuid7_from(FIXED_EPOCH_MS, digest(seed, kind, n))


def id_from_digest(raw: bytes) -> uuid.UUID:
    """Same as `derive_id` for a digest already computed (its spare bytes feed attributes)."""
    return uuid7_from(FIXED_EPOCH_MS, raw)


def unit(raw: bytes, offset: int) -> float:
    """A float in [0, 1) from two bytes of a digest."""
    return int.from_bytes(raw[offset : offset + 2], "big") / 65536.0
