"""Which import created a record, and proof that the records an import created are still those it logged.

An import is one entry in the audit log, however many records it creates: the file, its
SHA-256, what it did, and ``created_records``, the count and a SHA-256 (``digest``) over the
id and code of every record it created. Each of those records keeps the entry's place in the
log (``CulturalProperty.created_in``; a staged import's records name the import, whose row
holds that place: ``StagedImport.published_in``), so its history starts with the import that
made it.
(One entry per created record was a quarter of the database and a fifth of the time of a
million-record import, and told the reader nothing more: who, when, from which file.)

``first_mismatch`` recomputes every import's digest from the registry: a record removed, added
to an import or given another id or code afterwards breaks it. Updates and deletions are
entries of their own, as for every change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db.models import Q

from shield.audit.models import AuditEntry

from .models import CulturalProperty, StagedImport

KEY = "created_records"


def line(id_hex: str, code: str) -> str:
    """What the digest covers of one record: its id (32 hex digits) and its code."""
    return f"{id_hex} {code}"


def digest(lines: Iterable[str]) -> str:
    """SHA-256 over the lines in sorted order, one per line: the same whatever order the
    records were made in (an import's workers make them out of order)."""
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def created_records(lines: list[str]) -> dict:
    """The ``created_records`` part of an import's audit entry."""
    return {"count": len(lines), "sha256": digest(lines)}


def records_of(seq: int):
    """The records that the import logged as entry ``seq`` created (whichever way it wrote them)."""
    return CulturalProperty.objects.filter(
        Q(created_in=seq)
        | Q(staged_in__in=StagedImport.objects.filter(published_in=seq).values("pk"))
    )


def first_mismatch() -> tuple[int, str] | None:
    """(seq, what is wrong) of the first import whose created records no longer match its
    entry, or None."""
    imports = AuditEntry.objects.filter(action="import", target_type="file").order_by("seq")
    for seq, changes in imports.values_list("seq", "changes").iterator(chunk_size=100):
        logged = (changes or {}).get(KEY)
        if not logged:
            continue
        found = [
            line(pid.hex, code)
            for pid, code in records_of(seq).values_list("id", "code").iterator(chunk_size=10000)
        ]
        if len(found) != logged["count"]:
            return (
                seq,
                f"entry {seq} created {logged['count']} record(s); {len(found)} now name it as their import",
            )
        if digest(found) != logged["sha256"]:
            return seq, f"entry {seq}: the ids or codes of the records it created were changed"
    return None
