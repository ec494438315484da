"""The chain of custody of one evidence item, as pure functions over plain values (no
Django): the records use it when they write an event, and ``shield evidence verify`` when it
checks a package on a machine with no database.

Each event's hash is SHA-256 over the canonical JSON of the event's fields, the item's
SHA-256 and the previous event's hash (``GENESIS`` for the first): an event dropped,
inserted, reordered, moved to another item or rewritten breaks the chain after it. Each
event is also recorded in the audit log (its hash in the entry), so the transparency log's
checkpoints fix it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

FORMAT = "shield-custody/v1"
GENESIS = "0" * 64

# What an event's hash covers besides the item and the previous hash, in a package's
# custody.json as in the records: who recorded it (the authenticated handler, the role and
# State they acted in), when (the server's time), what the client stated (a claim), and
# the hash read from the stored original at that moment.
FIELDS = (
    "seq",
    "action",
    "handler",
    "role",
    "state",
    "at",
    "stated_by",
    "stated_at",
    "to",
    "note",
    "sha256_checked",
    "reference",
)


def event_hash(item_sha256: str, prev: str, fields: Mapping[str, Any]) -> str:
    body: dict[str, Any] = {"format": FORMAT, "item": item_sha256, "prev": prev}
    body.update({k: fields.get(k) for k in FIELDS})
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def first_break(item_sha256: str, events: Iterable[Mapping[str, Any]]) -> str:
    """What is wrong with an item's chained events (in order, each with ``prev`` and
    ``hash``), or "" when the chain holds."""
    expected_prev, expected_seq = GENESIS, 1
    for event in events:
        seq = event.get("seq")
        if seq != expected_seq:
            return (
                f"custody event {expected_seq} is missing (the next present is {seq})"
                if isinstance(seq, int) and seq > expected_seq
                else f"custody event {seq} is out of place (expected {expected_seq})"
            )
        if event.get("prev") != expected_prev:
            return (
                f"custody event {seq} does not follow event {seq - 1}: one was removed or replaced"
            )
        if event_hash(item_sha256, expected_prev, event) != event.get("hash"):
            return f"custody event {seq} ({event.get('action')}) was changed after it was recorded"
        expected_prev, expected_seq = event["hash"], expected_seq + 1
    return ""
