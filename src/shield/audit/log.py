"""Writing to the audit log. Call inside the transaction that makes the change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from . import chain
from .models import AuditEntry

_PG_LOCK_KEY = 727_1954  # advisory lock that serialises appends on PostgreSQL


def actor_label(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "system"
    return user.get_username()


def lock_tail() -> tuple[int, str]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    return last if last else (0, chain.GENESIS)


def record(
    user,
    action: str,
    target_type: str,
    target_id: Any,
    changes: Mapping | None = None,
    summary: str = "",
) -> AuditEntry:
    return record_many(user, [(action, target_type, target_id, changes or {}, summary)])[0]


def record_many(user, items: Iterable[tuple[str, str, Any, Mapping, str]]) -> list[AuditEntry]:
    """Append entries in order, chained, in one bulk insert."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "audit entries must be written inside the transaction that makes the change"
        )
    seq, prev = lock_tail()
    now = timezone.now()
    label = actor_label(user)
    actor = user if label != "system" else None
    entries = []
    for action, target_type, target_id, changes, summary in items:
        seq += 1
        entry = AuditEntry(
            seq=seq,
            at=now,
            actor=actor,
            actor_label=label,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            summary=summary[:300],
            changes=dict(changes),
        )
        entry.prev_hash = prev
        entry.hash = chain.link(prev, entry.body())
        prev = entry.hash
        entries.append(entry)
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return entries


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list]:
    """Field-level changes as {field: [old, new]}."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}
