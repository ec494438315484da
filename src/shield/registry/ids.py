"""Time-ordered UUIDs (the layout of UUID version 7, RFC 9562).

Records created one after another get ids that sort in creation order, so the primary key
and every index on a foreign key grow at their end instead of at random places: a bulk
import of a million records stays fast, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator

_lock = threading.Lock()
_last_ms = 0
_seq = 0


def as_uuid(text) -> uuid.UUID | None:
    """``text`` as a UUID, or None when it is not one (so a lookup can say "not found")."""
    if isinstance(text, uuid.UUID):
        return text
    try:
        return uuid.UUID(str(text))
    except (ValueError, TypeError, AttributeError):
        return None


def uuid7() -> uuid.UUID:
    return uuid.UUID(int=uuid7_ints(1)[0])


def uuid7_ints(count: int) -> list[int]:
    """``count`` new ids as the integers of their UUIDs, in creation order: one lock and one
    read of randomness for them all (a large import makes a million)."""
    global _last_ms, _seq
    randomness = os.urandom(8 * count)
    values = []
    with _lock:
        for i in range(count):
            ms = time.time_ns() // 1_000_000
            if ms <= _last_ms:
                _seq += 1
                if _seq > 0xFFF:  # 4096 ids in one millisecond: borrow the next one
                    _last_ms += 1
                    _seq = 0
                ms = _last_ms
            else:
                _last_ms, _seq = ms, 0
            rand = int.from_bytes(randomness[8 * i : 8 * i + 8], "big") & ((1 << 62) - 1)
            values.append((ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | _seq << 64 | 0b10 << 62 | rand)
    return values


def uuid7_stream(block: int = 1024) -> Iterator[int]:
    """New ids as integers (``uuid7_ints``), drawn ``block`` at a time."""
    while True:
        yield from uuid7_ints(block)
