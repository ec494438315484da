"""A large import that the registry keeps answering through: chunks now, published at once.

The exclusive way (``bigimport`` inside one transaction) holds SQLite's write lock for the
whole import: at half a million rows, twenty seconds and more in which every other write
waits and then fails. A staged import writes its records in chunks instead, each chunk its own
short transaction, so that other writes take their turn between chunks. Until the import is
published its records are hidden from every reader: each names its import (``staged_in``),
and ``disclosure.visible_to``, through which every door reads, leaves out the records of
imports not yet published (``hidden``). Publishing is one small transaction: the import's
audit entry (the same one entry as ever, naming every record) and ``published_in`` set on the
import's row. So the reader still sees all or nothing.

What no other write may take meanwhile is reserved when the import begins: the codes it
gives (``StagedImport.codes``, which ``services.last_code_number`` reads). An external id
written meanwhile by someone else fails the import at the chunk that holds it, with the rows
named, like any row already in the registry.

A failed import removes its chunks, a chunk at a time, and then its row; until the row is gone
its records stay hidden. An import that stopped without cleaning up (a crash, ``kill -9``)
leaves hidden records only, which ``remove_abandoned`` removes: the next staged import calls
it.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from shield.audit.log import lock_tail
from shield.audit.models import AuditEntry

from . import bulk, newrows, services
from .models import (
    CulturalProperty,
    ExternalIdentifier,
    JurisdictionClaim,
    NameKey,
    Photograph,
    PropertyName,
    ProtectionEvent,
    StagedImport,
)

CHUNK = 2_000  # records per chunk: a short transaction (about 0.1-0.3 s on SQLite)
PAUSE = 0.1  # seconds between chunks on SQLite: a waiting writer polls every 0.1 s
ABANDONED_AFTER = timedelta(minutes=10)  # no chunk written for this long: the import stopped
CHILDREN = (
    PropertyName,
    NameKey,
    JurisdictionClaim,
    ProtectionEvent,
    Photograph,
    ExternalIdentifier,
)
# Both can be set (SHIELD_IMPORT_CHUNK, SHIELD_IMPORT_CHUNK_PAUSE).


def chunk_size() -> int:
    return getattr(settings, "SHIELD_IMPORT_CHUNK", CHUNK)


def hidden():
    """The ids of imports not yet published: their records are read by no one."""
    return StagedImport.objects.filter(published_in__isnull=True).values("pk")


def reserved_code(state_code: str) -> int:
    """The highest code number of ``state_code`` that an unpublished import has taken (0: none)."""
    taken = [
        codes.get(state_code, 0)
        for codes in StagedImport.objects.filter(published_in__isnull=True).values_list(
            "codes", flat=True
        )
    ]
    return max(taken, default=0)


def begin(actor_label: str, name: str, per_state: dict[str, int]) -> tuple[StagedImport, dict]:
    """Start a staged import of ``per_state[state]`` new records of each State: returns its row
    and, per State, the code number before its first record. The codes up to the last it
    needs are reserved (inside the audit log's lock, which every write to the registry takes
    before it chooses a code)."""
    remove_abandoned()
    with transaction.atomic():
        lock_tail()
        last = {state: services.last_code_number(state) for state in per_state}
        stage = StagedImport.objects.create(
            file=name[:300],
            actor_label=actor_label[:150],
            host=socket.gethostname()[:255],
            pid=os.getpid(),
            codes={state: last[state] + n for state, n in per_state.items()},
        )
    return stage, last


def write_chunk(stage: StagedImport, write: Callable[[], None]) -> None:
    """One chunk in a transaction of its own, then a pause in which other writes take their
    turn (SQLite has one writer at a time, and the import would take the lock back at once)."""
    with transaction.atomic():
        write()
        StagedImport.objects.filter(pk=stage.pk).update(touched_at=timezone.now())
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep(getattr(settings, "SHIELD_IMPORT_CHUNK_PAUSE", PAUSE))


def publish(stage: StagedImport, entry: Callable[[int], tuple], actor: newrows.Actor) -> int:
    """Make the import's records visible, with its audit entry (``entry(seq)`` builds it), in
    one small transaction. Returns the entry's seq."""
    with transaction.atomic():
        seq, prev = lock_tail()
        rows, _last = newrows.chain_rows(actor, [entry(seq + 1)], prev)
        bulk.insert(AuditEntry, newrows.AUDIT_COLUMNS, rows)
        StagedImport.objects.filter(pk=stage.pk).update(published_in=seq + 1)
    return seq + 1


def discard(stage_id: int) -> int:
    """Remove an unpublished import's records a chunk at a time, then its row; returns how many
    records were removed. Until the row goes its records stay hidden, so stopping half way
    shows nothing either (the next call goes on)."""
    removed = 0
    while True:
        with transaction.atomic():
            ids = list(
                CulturalProperty.objects.filter(staged_in=stage_id).values_list("pk", flat=True)[
                    : chunk_size()
                ]
            )
            if not ids:
                StagedImport.objects.filter(pk=stage_id, published_in__isnull=True).delete()
                return removed
            for model in CHILDREN:
                model.objects.filter(property_id__in=ids)._raw_delete(connection.alias)
            CulturalProperty.objects.filter(pk__in=ids)._raw_delete(connection.alias)
            removed += len(ids)


def abandoned(now=None) -> list[int]:
    """Unpublished imports that stopped: no chunk for ``ABANDONED_AFTER``, or started on this
    machine by a process that is gone."""
    now = now or timezone.now()
    host = socket.gethostname()[:255]
    found = []
    for pk, their_host, pid, touched in StagedImport.objects.filter(
        published_in__isnull=True
    ).values_list("pk", "host", "pid", "touched_at"):
        if touched < now - ABANDONED_AFTER or (their_host == host and not _alive(pid)):
            found.append(pk)
    return found


def remove_abandoned() -> int:
    """Remove the records of every abandoned import; returns how many imports were removed."""
    stopped = abandoned()
    for pk in stopped:
        discard(pk)
    return len(stopped)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
