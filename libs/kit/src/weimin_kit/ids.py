"""Time-ordered identifiers (UUID version 7, RFC 9562).

Time-ordered ids keep B-tree inserts local and make ids sortable by creation, which
keyset pagination relies on.
"""

import os
import time
import uuid


def uuid7_from(timestamp_ms: int, rand: bytes) -> uuid.UUID:
    """Build a UUIDv7 from a millisecond timestamp and at least 10 bytes of randomness.

    Deterministic callers (the demonstration city) pass a fixed timestamp and hashed bytes
    so that every service derives the same id for the same thing.
    """
    if len(rand) < 10:
        raise ValueError("uuid7 needs at least 10 random bytes")
    value = (timestamp_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (int.from_bytes(rand[0:2], "big") & 0x0FFF) << 64
    value |= 0b10 << 62
    value |= int.from_bytes(rand[2:10], "big") & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def new_id() -> uuid.UUID:
    return uuid7_from(time.time_ns() // 1_000_000, os.urandom(10))
