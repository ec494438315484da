"""Checking the audit log's hash chain against the database."""

from __future__ import annotations

from . import chain
from .models import AuditEntry


def verify_chain() -> tuple[tuple[int, str] | None, int]:
    """(first break or None, entries checked)."""
    count = 0

    def entries():
        nonlocal count
        for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=5000):
            count += 1
            yield entry.seq, entry.prev_hash, entry.hash, entry.body()

    return chain.first_break(entries()), count
