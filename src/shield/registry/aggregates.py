"""Answers that cost what the registry holds (counts, the map's clusters), kept per version of it.

The registry's version is its latest audit entry: every change to a record (a form, the API,
an import, the admin) is audited in the same transaction, so a new entry means the answers
may have changed, and an unchanged one that they have not. An answer is cached under its
query's SQL (which holds the reader's view: what they may see and where) and the version, in
each server process's cache; a write makes every cached answer unreachable at once.

Only large answers are kept (``KEEP_FROM``): a small one costs little to compute again, and a
registry that small (a test's) may be written to outside the audited doors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet

from shield.audit.models import AuditEntry

KEEP_FROM = 5_000  # records counted (or clustered) from which an answer is kept
KEEP_FOR = 3600  # seconds; a new version makes it unreachable before that


def registry_version() -> str:
    """The latest audit entry, as a key (one indexed lookup)."""
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    return "empty" if last is None else f"{last[0]}-{last[1][:16]}"


def query_key(kind: str, qs: QuerySet, *more: object) -> str:
    sql, params = qs.query.sql_with_params()
    text = repr((kind, registry_version(), sql, tuple(map(str, params)), more))
    return "shield:aggregate:" + hashlib.sha256(text.encode()).hexdigest()


def kept(key: str, compute: Callable[[], Any], large: Callable[[Any], bool]) -> Any:
    """The answer under ``key``, computed (and kept when ``large``) if none is kept yet."""
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    if large(value):
        cache.set(key, value, KEEP_FOR)
    return value


def count(qs: QuerySet, counted: Callable[[], int | None] | None = None) -> int:
    """``qs.count()``, kept when it reaches ``KEEP_FROM``. ``counted``, if given, answers the
    same count another way (None where it cannot)."""

    def compute() -> int:
        n = counted() if counted is not None else None
        return qs.count() if n is None else n

    return kept(query_key("count", qs), compute, lambda n: n >= KEEP_FROM)
