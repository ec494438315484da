"""Evidence packages that prove themselves and the log (issue 13, item 4): a ZIP that a
recipient with only the log's public key checks offline (``package_verify``,
``shield evidence verify PACKAGE --key VKEY``).

Exporting is itself recorded: one audit entry for the package (its id and items) and an
``exported`` custody event on every item, then a checkpoint is signed over them. So the
package carries, besides the originals, the signed checkpoint and the inclusion proof of
every audit entry it relies on: each item's receipt (its SHA-256 and what was read from it
on receipt), each custody event, and the export. Layout::

    manifest.json         the package: its id, its items (path, SHA-256, metadata, receipt
                          entry), and the SHA-256 of every other member
    manifest.json.tsr     an RFC 3161 timestamp token over manifest.json (with an authority)
    custody.json          each item's chained custody events (with their audit entries)
    custody.csv           the same, one row an event, for people
    log/checkpoint.txt    the log's signed checkpoint (C2SP), with witnesses' cosignatures
    log/checkpoint.tsr    its timestamp token, when it has one
    log/entries.json      the audit entries relied on, each with its inclusion proof
    log/key.txt           the log's verifier key (for reference: verify with a key you hold)
    SHA256SUMS            the SHA-256 of every other member, ``<hash>  <path>`` per line
    files/<sha256>/<name> the originals, byte for byte
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from pathlib import PurePosixPath

from django.db import transaction
from django.utils import timezone

from shield.audit import log, timestamps, transparency
from shield.audit.models import AuditEntry

from . import custody, store
from .models import Evidence
from .package_verify import FORMAT, custody_csv

__all__ = ["FORMAT", "build", "safe_name", "verify"]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json(value) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str).encode()


def safe_name(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name
    return "".join(c if c.isalnum() or c in "._- " else "_" for c in base) or "file"


def _receipts(evidence: list[Evidence]) -> dict[str, AuditEntry]:
    found: dict[str, AuditEntry] = {}
    for entry in AuditEntry.objects.filter(
        target_type="evidence", action="create", target_id__in=[str(ev.pk) for ev in evidence]
    ).order_by("seq"):
        found.setdefault(entry.target_id, entry)
    return found


def build(user, evidence: list[Evidence], label: str = "") -> tuple[bytes, str]:
    """(ZIP bytes, its SHA-256). Refuses (``ValueError``, saying what and which item) when a
    stored original no longer matches its hash, an item has no receipt in the log, or the
    log cannot sign its head."""
    if not evidence:
        raise ValueError("no evidence to export: the selection is empty")
    problems = [(ev, p) for ev in evidence if (p := store.check(ev.sha256))]
    if problems:
        ev, p = problems[0]
        raise ValueError(f"evidence {ev.filename} ({ev.sha256}) is {p}: not exported")
    receipts = _receipts(evidence)
    unreceived = [ev for ev in evidence if str(ev.pk) not in receipts]
    if unreceived:
        ev = unreceived[0]
        raise ValueError(
            f"evidence {ev.filename} ({ev.sha256}) has no receipt in the audit log: not exported"
        )
    try:
        transparency.log_signer()
    except transparency.LogProblem as exc:
        raise ValueError(f"a package carries a signed checkpoint, and {exc}") from None
    package_id = str(uuid.uuid4())
    with transaction.atomic():
        export = log.record(
            user,
            "export_package",
            "evidence",
            package_id,
            {
                "package": package_id,
                "label": label,
                "items": [{"id": str(ev.pk), "sha256": ev.sha256} for ev in evidence],
            },
            summary=f"evidence package {package_id[:8]} ({len(evidence)} items)",
        )
        for ev in evidence:
            custody.record(user, ev, "exported", reference=package_id)
    try:
        checkpoint = transparency.issue_checkpoint(user)
    except transparency.LogProblem as exc:
        raise ValueError(f"the log cannot sign its head: {exc}") from None
    members, items, custody_out = _contents(evidence, receipts)
    tree = transparency.load_tree()
    needed = {export.seq} | {receipts[str(ev.pk)].seq for ev in evidence}
    needed |= {e["audit_seq"] for events in custody_out.values() for e in events if e["chained"]}
    entries = []
    for entry in AuditEntry.objects.filter(seq__in=needed).order_by("seq"):
        entries.append(
            {
                "seq": entry.seq,
                "prev_hash": entry.prev_hash,
                "hash": entry.hash,
                "body": entry.body(),
                "proof": [h.hex() for h in tree.inclusion_proof(entry.seq - 1, checkpoint.size)],
            }
        )
    members["custody.json"] = _json(custody_out)
    members["custody.csv"] = custody_csv(items, custody_out)
    members["log/checkpoint.txt"] = transparency.published(checkpoint).encode()
    stamp = checkpoint.timestamps.order_by("gen_time").first()
    if stamp is not None:
        members["log/checkpoint.tsr"] = bytes(stamp.token)
    members["log/entries.json"] = _json(entries)
    members["log/key.txt"] = f"{transparency.log_verifier()}\n".encode()
    manifest = {
        "format": FORMAT,
        "package": package_id,
        "created_at": timezone.now().isoformat(),
        "created_by": log.actor_label(user),
        "label": label,
        "items": items,
        "log": {
            "origin": transparency.log_verifier().name,
            "checkpoint_size": checkpoint.size,
            "export_seq": export.seq,
        },
        "members": {path: _sha(data) for path, data in sorted(members.items())},
    }
    members["manifest.json"] = _json(manifest)
    token, said = timestamps.stamp(members["manifest.json"])
    if token is not None:
        members["manifest.json.tsr"] = token.answer
    sums = "".join(f"{_sha(data)}  {path}\n" for path, data in sorted(members.items()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in sorted(members.items()):
            zf.writestr(path, data)
        zf.writestr("SHA256SUMS", sums)
    body = out.getvalue()
    digest = _sha(body)
    with transaction.atomic():
        log.record(
            user,
            "seal_package",
            "evidence",
            package_id,
            {"package": package_id, "package_sha256": digest, "trusted_time": said},
            summary=f"evidence package {package_id[:8]} sealed ({digest[:12]})",
        )
    return body, digest


def _contents(evidence: list[Evidence], receipts: dict[str, AuditEntry]):
    """(members: the originals, items: the manifest's, custody: each item's events)."""
    members: dict[str, bytes] = {}
    items, custody_out = [], {}
    for ev in evidence:
        path = f"files/{ev.sha256}/{safe_name(ev.filename)}"
        if path not in members:
            members[path] = store.original_path(ev.sha256).read_bytes()
        items.append(
            {
                "id": str(ev.pk),
                "path": path,
                "sha256": ev.sha256,
                "receipt_seq": receipts[str(ev.pk)].seq,
                "property": ev.property.code if ev.property_id else None,
                "incident": str(ev.incident_id) if ev.incident_id else None,
                "assessment": str(ev.assessment_id) if ev.assessment_id else None,
            }
            | {k: v for k, v in _receipt_view(ev).items() if k != "sha256"}
        )
        events = sorted(ev.custody.all(), key=lambda c: (c.seq is not None, c.seq or 0, c.at))
        custody_out[str(ev.pk)] = [
            custody.fields_of(c)
            | {"chained": c.chained, "prev": c.prev_hash, "hash": c.hash, "audit_seq": c.audit_seq}
            for c in events
        ]
    return members, items, custody_out


def _receipt_view(ev: Evidence) -> dict:
    from .reconcile import receipt_item

    return receipt_item(ev)


def verify(path_or_bytes, key=None, tsa_ca: bytes | None = None) -> tuple[list[str], int]:
    """(problems, items): ``package_verify.verify``, for callers of the first format."""
    from .package_verify import verify as check

    report = check(path_or_bytes, key, tsa_ca)
    return report.problems, report.items
