"""The hash chain of the audit log: pure functions over plain values.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical
JSON (sorted keys, no whitespace, UTF-8). Changing, removing or reordering any entry
breaks every hash after it, which ``first_break`` names.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

GENESIS = "0" * 64


_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
)


def canonical(entry: Mapping[str, Any]) -> bytes:
    return _CANONICAL.encode(entry).encode()


def link(prev_hash: str, entry: Mapping[str, Any]) -> str:
    return link_canonical(prev_hash, canonical(entry))


def link_canonical(prev_hash: str, body: bytes) -> str:
    """``link`` for a body already in canonical form (built where the work is spread out)."""
    return hashlib.sha256(prev_hash.encode() + b"\n" + body).hexdigest()


def first_break(
    entries: Iterable[tuple[int, str, str, Mapping[str, Any]]],
) -> tuple[int, str] | None:
    """Walk (seq, prev_hash, hash, body) in order; return (seq, what is wrong) at the first break."""
    expected_prev = GENESIS
    last_seq = 0
    for seq, prev_hash, stored_hash, body in entries:
        if seq != last_seq + 1:
            return (
                seq,
                f"entry {last_seq + 1} is missing (next present is {seq})"
                if seq > last_seq + 1
                else f"entry {seq} is out of order",
            )
        if prev_hash != expected_prev:
            return (
                seq,
                f"entry {seq} does not follow entry {last_seq}: an entry was removed, inserted or reordered",
            )
        if link(prev_hash, body) != stored_hash:
            return seq, f"entry {seq} was changed after it was written"
        expected_prev = stored_hash
        last_seq = seq
    return None
