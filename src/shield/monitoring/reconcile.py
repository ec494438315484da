"""The store, the records and the log compared (issue 13, item 5): ``shield evidence verify``
with no package.

An item's receipt is an audit entry (``create`` of ``evidence``) that holds its SHA-256 and
what was read from the file on receipt (``receipt_item``); the transparency log's
checkpoints fix that entry. So whoever can write to the database and the store, and swaps
an original and updates its row, deletes an item with its file, or rewrites its capture
metadata, leaves records that disagree with their receipts: each such item is named, with
what disagrees. Originals in the store that no record or receipt knows are named too, and
so is every break in an item's chain of custody (``custody.chain_problems``).
"""

from __future__ import annotations

import json

from shield.audit import chain
from shield.audit.models import AuditEntry

from . import custody, store
from .models import Evidence

# What is read from the file on receipt and never changes after (links to a property or an
# incident may be added or corrected later, and are not compared).
RECEIPT_FIELDS = (
    "sha256",
    "filename",
    "size",
    "media_type",
    "kind",
    "captured_at",
    "lat",
    "lon",
    "device",
    "metadata",
    "source_url",
    "collector",
    "client_sha256",
)


def _plain(value):
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def receipt_item(ev: Evidence) -> dict:
    """The item as received, in plain values, for its receipt entry."""
    out = {}
    for name in RECEIPT_FIELDS:
        if hasattr(ev, name):
            value = getattr(ev, name)
            out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return _plain(out)


def _shown(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def walk() -> tuple[list[str], int]:
    """(problems, items checked): each names the item (id, file name, SHA-256) and what
    disagrees between the store, the records and the log."""
    problems: list[str] = []
    receipts: dict[str, AuditEntry] = {}
    for entry in AuditEntry.objects.filter(target_type="evidence", action="create").order_by("seq"):
        receipts.setdefault(entry.target_id, entry)
    rows = list(Evidence.objects.order_by("received_at", "id"))
    known_hashes = {ev.sha256 for ev in rows}
    for ev in rows:
        where = f"evidence {ev.pk} ({ev.filename}, {ev.sha256[:12]})"
        receipt = receipts.pop(str(ev.pk), None)
        problem = store.check(ev.sha256)
        if problem:
            problems.append(f"{ev.sha256} ({ev.filename}): {problem}")
        if receipt is None:
            problems.append(f"{where}: no receipt in the audit log: not received through Shield")
            continue
        if chain.link(receipt.prev_hash, receipt.body()) != receipt.hash:
            problems.append(f"{where}: its receipt (audit entry {receipt.seq}) was rewritten")
            continue
        received_sha = receipt.changes.get("sha256")
        if received_sha != ev.sha256:
            problems.append(
                f"{where}: swapped: the record says SHA-256 {ev.sha256} but {received_sha} was "
                f"received (audit entry {receipt.seq})"
            )
        recorded = receipt.changes.get("item") or {}
        now = receipt_item(ev)
        for name in sorted(recorded):
            if name != "sha256" and name in now and now[name] != recorded[name]:
                problems.append(
                    f"{where}: {name} rewritten: {_shown(now[name])} in the record, "
                    f"{_shown(recorded[name])} on receipt (audit entry {receipt.seq})"
                )
        problems.extend(f"{where}: {p}" for p in custody.chain_problems(ev))
    for target, receipt in receipts.items():
        sha = str(receipt.changes.get("sha256") or "")
        gone = (
            "its original is gone from the store too"
            if store.check(sha)
            else ("its original is still in the store")
        )
        problems.append(
            f"evidence {target} ({receipt.changes.get('filename')}, {sha[:12]}) received in "
            f"audit entry {receipt.seq} is missing from the records; {gone}"
        )
        known_hashes.add(sha)
    originals = store.root() / "originals"
    if originals.is_dir():
        for path in sorted(originals.glob("*/*")):
            if path.is_file() and path.name not in known_hashes:
                problems.append(
                    f"store: originals/{path.parent.name}/{path.name} belongs to no record and "
                    "no receipt: planted"
                )
    return problems, len(rows)
