"""A large CSV of new records, loaded on every core.

The plain import (``transfer.import_rows``) reads, cleans and builds the rows of every
record in one process and then writes them; at a million records that one process is
the bottleneck. Here worker processes read, clean and build rows batch by batch (forked,
so they share the parsed cells without copying them) while the parent writes each
finished batch, in file order, into one transaction.

The import means the same as the plain one: the same checks per row (``check_row``),
repeated external ids named with both places, every bad row named, nothing written when
any row is bad (the transaction is rolled back), the same codes in file order, the same
one audit entry for the import, naming every record it created (``provenance``). It
applies when the file is a CSV of at least ``PARALLEL_FROM`` rows none of which is already
in the registry (a re-import goes the plain way, which compares and updates) and the
process can fork (Linux and the like) and is not a web server: never from a thread other
than the main one (a threaded server's request, the demo's worker thread) nor inside
``single_process()`` (the API's own small imports run so); big API imports are jobs, run by
``shield worker`` in a process of its own (shield.jobs).
Otherwise ``import_csv`` returns None. On SQLite the parent also drops the tables'
indexes for the load and builds them again at the end (``bulk.deferred_indexes``).
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import signal
import threading
from collections import Counter
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from operator import itemgetter

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from shield.audit.log import lock_tail
from shield.audit.models import AuditEntry

from . import bulk, fileformats, newrows, services, staging, substrings
from .models import CulturalProperty
from .transfer import (
    BULK_TABLES,
    ImportFailed,
    ImportResult,
    Progress,
    RowError,
    WritableStates,
    check_row,
    import_actor,
    import_entry,
    repeated_id,
    unreadable_as_failure,
)
from .validation import external_id_of, state_code_of

PARALLEL_FROM = 50_000  # rows from which starting worker processes pays off
BATCH = 10_000  # rows a worker cleans and builds at a time
# Both can be set (SHIELD_IMPORT_PARALLEL_FROM, SHIELD_IMPORT_BATCH), e.g. small in tests.


@dataclass(frozen=True)
class Job:
    """What every worker needs, set in the parent before it forks them."""

    layout: fileformats.CsvLayout
    rows: list[tuple[int, list[str]]]  # (line, cells)
    states: dict[str, int]
    writable: dict[str, bool]
    actor: newrows.Actor
    import_seq: int | None  # the audit seq of the import's entry, which its records name
    staged_in: int | None  # or, staged, the import they name (registry.staging)
    build: bool  # False for a dry run: clean only
    stop: object  # an Event the parent sets at the first error: clean only from then on
    nul_free: bool  # no NUL character anywhere in the file (``nul_free``)


@dataclass(frozen=True)
class Batch:
    start: int
    end: int
    last_codes: dict[str, int]  # per State, the code number before this batch's first record


@dataclass
class BatchOut:
    count: int
    errors: list[RowError]
    tables: dict | None  # table -> its rows packed (bulk.pack); None: not built
    created: list[str]  # provenance.line of each record built
    cells: dict | None = None  # the map's cells of the records built (bulk.count_cells)


_job: Job | None = None


_single_process: ContextVar[bool] = ContextVar("shield_single_process", default=False)
_exclusive: ContextVar[bool] = ContextVar("shield_exclusive_import", default=False)


def can_fork() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.current_thread() is threading.main_thread()
        and not _single_process.get()
    )


@contextmanager
def single_process():
    """No worker processes started in here (a request inside the web server)."""
    token = _single_process.set(True)
    try:
        yield
    finally:
        _single_process.reset(token)


@contextmanager
def exclusive():
    """Imports in here write in one transaction (``EXCLUSIVE``), not staged."""
    token = _exclusive.set(True)
    try:
        yield
    finally:
        _exclusive.reset(token)


def import_csv(
    user, text: str, name: str, sha256: str, dry_run: bool, progress: Progress, phase
) -> ImportResult | None:
    parallel_from = getattr(settings, "SHIELD_IMPORT_PARALLEL_FROM", PARALLEL_FROM)
    batch = getattr(settings, "SHIELD_IMPORT_BATCH", BATCH)
    if not can_fork() or text.count("\n") < parallel_from:
        return None
    with collector_paused():
        return _import_csv(user, text, name, sha256, dry_run, progress, phase, batch)


@contextmanager
def collector_paused():
    """No cyclic garbage collection while millions of long-lived cells and rows are made:
    each full collection would walk them all (it doubled the time to parse a million
    rows). Reference counting still frees what the import lets go. Forked workers inherit
    the pause, so they never touch the parent's pages to collect either."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import_csv(
    user, text: str, name: str, sha256: str, dry_run: bool, progress: Progress, phase, batch: int
) -> ImportResult | None:
    with unreadable_as_failure():
        layout, rows = fileformats.csv_cells(text)
    column = {c: i for i, c in enumerate(layout.header)}
    external_ids = _external_ids(rows, column.get("external_id"))
    if _any_known(external_ids):
        return None  # a re-import: the plain way compares and updates
    errors = _repeated_ids(rows, external_ids)
    states = services.state_codes()
    staged = not dry_run and not _exclusive.get()
    if staged:
        batch = staging.chunk_size()
    counts = _states_per_batch(rows, column.get("state"), batch)
    present = {s for c in counts for s in c if s in states}
    may_write = WritableStates(user, states)
    writable = {s: may_write[s] for s in present}
    workers = min(os.cpu_count() or 1, 4)
    result = ImportResult(total=len(rows), created=len(rows), sha256=sha256, workers=workers)
    phase("validating" if dry_run else "validating and writing", len(rows))
    actor = import_actor(user)
    stage = None
    cells: dict = {}  # the map's cells of the new records, counted by the workers
    with ExitStack() as stack:
        if dry_run:
            seq, prev = 0, ""
        elif staged:
            bulk.tune_for_bulk_load()
            per_state: Counter = sum(counts, Counter())
            stage, last = staging.begin(
                actor.label, name, {s: per_state[s] for s in sorted(present)}
            )
            seq, prev = 0, ""
        else:
            stack.enter_context(connection.constraint_checks_disabled())  # the rows' keys are ours
            bulk.tune_for_bulk_load()
            stack.enter_context(transaction.atomic())
            stack.enter_context(
                bulk.deferred_indexes(*BULK_TABLES, AuditEntry, rows=len(rows), cells=cells)
            )
            stack.enter_context(substrings.deferred())  # the words of new names, at the end
            seq, prev = lock_tail()
        if stage is None:
            last = {s: services.last_code_number(s) for s in present}
        batches = _batches(counts, batch, last)
        context = multiprocessing.get_context("fork")
        stop = context.Event()
        if errors:
            stop.set()
        global _job
        staged_in = stage.pk if stage else None
        import_seq = None if stage else seq + 1
        _job = Job(
            layout,
            rows,
            states,
            writable,
            actor,
            import_seq,
            staged_in,
            not dry_run,
            stop,
            nul_free(text),
        )
        created: list[str] = []
        try:
            with context.Pool(workers, initializer=_default_signals) as pool:
                for out in pool.imap(_work, batches):
                    errors.extend(out.errors)
                    if len(errors) >= fileformats.MAX_ERRORS:
                        break  # enough to report (ImportFailed): leaving the pool stops it
                    if errors:
                        stop.set()
                    elif out.tables is not None:
                        if stage is None:
                            _insert(out.tables)
                            bulk.merge_cells(cells, out.cells or {})
                        else:
                            try:
                                staging.write_chunk(stage, partial(_insert, out.tables))
                            except IntegrityError as exc:
                                errors += _clashes(rows, external_ids, stage.pk, exc)
                                break
                        created += out.created
                    progress(out.count)
        except BaseException:
            if stage is not None:
                staging.discard(stage.pk)  # its records were never seen; now they are gone
            raise
        finally:
            _job = None
        if errors:
            errors.sort(key=lambda e: _line(e.where))
            if stage is not None:
                staging.discard(stage.pk)
            raise ImportFailed(errors, len(rows))  # leaving the transaction undoes every batch
        if stage is not None:
            result.audit_entry = staging.publish(
                stage, lambda s: import_entry(actor, s, name, result, created), actor
            )
        elif not dry_run:
            result.audit_entry = seq + 1
            entry, _last = newrows.chain_rows(
                actor, [import_entry(actor, seq + 1, name, result, created)], prev
            )
            bulk.insert(AuditEntry, newrows.AUDIT_COLUMNS, entry)
    if not dry_run:
        bulk.refresh_statistics(*BULK_TABLES, AuditEntry, rows_written=len(rows))
    return result


def nul_free(text: str) -> bool:
    """Whether no cell of this CSV text can hold a NUL character: none in the text, and no
    ``\\u0000`` that a JSON cell would turn into one. Asked once of the file, so that the
    check of each row need not walk its values (``validation.clean_record``)."""
    return "\x00" not in text and "\\u0000" not in text


def _insert(tables: dict) -> None:
    for model, columns in newrows.COLUMNS.items():
        bulk.insert_packed(model, columns, tables[model._meta.db_table])


def _clashes(
    rows: list[tuple[int, list[str]]], external_ids: list[str | None], stage_id: int, exc
) -> list[RowError]:
    """The rows whose external id another write took while this staged import ran (what made
    a chunk fail), or the database's own reason when none did."""
    wanted: dict[str, int] = {e: number for (number, _c), e in zip(rows, external_ids) if e}
    keys = list(wanted)
    errors: list[RowError] = []
    for start in range(0, len(keys), 900):
        taken = (
            CulturalProperty.objects.filter(external_id__in=keys[start : start + 900])
            .exclude(staged_in=stage_id)
            .values_list("external_id", flat=True)
        )
        errors += [
            RowError(
                fileformats.line(wanted[e]),
                "external_id",
                f"{e!r} was written to the registry (or to another import still running) "
                "while this file was imported",
            )
            for e in taken
            if e is not None
        ]
        if len(errors) >= fileformats.MAX_ERRORS:
            break
    return errors or [RowError("file", "records", f"could not be written: {exc}")]


def _cell(cells: list[str], index: int | None) -> str | None:
    return cells[index] if index is not None and index < len(cells) else None


def _line(where: str) -> int:
    tail = where.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _external_ids(rows: list[tuple[int, list[str]]], column: int | None) -> list[str | None]:
    if column is None:
        return [None] * len(rows)
    return [
        external_id_of(cells[column] if column < len(cells) else None)
        for _line_number, cells in rows
    ]


def _repeated_ids(
    rows: list[tuple[int, list[str]]], external_ids: list[str | None]
) -> list[RowError]:
    given = [e for e in external_ids if e]
    if len(set(given)) == len(given):
        return []  # the common case, found at C speed; else name each repeat with both lines
    errors: list[RowError] = []
    seen: dict[str, str] = {}
    for (number, _cells), ext in zip(rows, external_ids):
        errors.extend(repeated_id(fileformats.line(number), ext, seen))
    return errors


def _states_per_batch(
    rows: list[tuple[int, list[str]]], state_column: int | None, size: int
) -> list[Counter]:
    """How many rows of each State every batch holds, so that each worker knows where its
    batch's codes start (codes follow the file's order per State). The cells are counted
    as they are, then read as State codes once per distinct cell."""
    counts = []
    for start in range(0, len(rows), size):
        raw = Counter(_cell(cells, state_column) for _n, cells in rows[start : start + size])
        count: Counter = Counter()
        for cell, n in raw.items():
            count[state_code_of(cell)] += n
        counts.append(count)
    return counts


def _any_known(external_ids: list[str | None]) -> bool:
    """Whether any of these external ids is already in the registry: by looking the file's
    ids up in the registry, or, when the registry holds fewer, its ids up in the file's."""
    wanted = [e for e in external_ids if e]
    table = connection.ops.quote_name(CulturalProperty._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(external_id) FROM {table}")
        known = cur.fetchone()[0]
        if known == 0:
            return False
        if known < len(wanted):
            cur.execute(f"SELECT external_id FROM {table} WHERE external_id IS NOT NULL")
            return not set(wanted).isdisjoint(e for (e,) in cur.fetchall())
        if connection.vendor == "sqlite":
            cur.execute(
                f"SELECT 1 FROM {table} WHERE external_id IN (SELECT value FROM json_each(%s)) LIMIT 1",
                [json.dumps(wanted)],
            )
        else:
            cur.execute(f"SELECT 1 FROM {table} WHERE external_id = ANY(%s) LIMIT 1", [wanted])
        return cur.fetchone() is not None


def _batches(counts: list[Counter], size: int, last: dict[str, int]) -> list[Batch]:
    batches = []
    running = dict(last)
    for i, count in enumerate(counts):
        batches.append(Batch(i * size, i * size + sum(count.values()), dict(running)))
        for state, n in count.items():
            if state in running:
                running[state] += n
    return batches


def _default_signals() -> None:
    """In a worker: not the signal handlers of the process that forked it (``shield worker``
    finishes its job on SIGTERM, so a worker with its handler outlived the pool). SIGTERM
    (the pool ending it) ends it; Ctrl+C is for the parent alone, which ends the pool."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGQUIT"):
        signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def _work(batch: Batch) -> BatchOut:
    """In a worker: clean one batch and, while no row anywhere has failed, build its rows."""
    job = _job
    assert job is not None
    errors: list[RowError] = []
    build = job.build and not job.stop.is_set()  # type: ignore[attr-defined]
    rows = newrows.NewRows(job.states, job.actor, job.import_seq, staged_in=job.staged_in)
    taken = dict(batch.last_codes)
    for i in range(batch.start, batch.end):
        number, cells = job.rows[i]
        clean, row_errors = check_row(
            fileformats.csv_source_row(job.layout, fileformats.line(number), cells),
            job.states,
            job.writable,
            job.nul_free,
        )
        if row_errors:
            errors.extend(row_errors)
            build = False
        elif build:
            state = clean["state"]
            taken[state] += 1
            rows.add(clean, services.code_for(state, taken[state]))
    if not build:
        return BatchOut(batch.end - batch.start, errors, None, [])
    counts: dict = {}
    if job.staged_in is None:  # staged records count once published (registry.mapcells)
        bulk.count_cells(map(_CELL_COLUMNS, rows.tables[CulturalProperty]), counts)
    tables = {
        model._meta.db_table: bulk.pack(columns, rows.tables[model], model)
        for model, columns in newrows.COLUMNS.items()
    }
    return BatchOut(batch.end - batch.start, errors, tables, rows.created, counts)


_CELL_COLUMNS = itemgetter(
    *(
        newrows.COLUMNS[CulturalProperty].index(column)
        for column in (
            "lat",
            "lon",
            "coarse_lat",
            "coarse_lon",
            "confidentiality",
            "inventory_state_id",
        )
    )
)  # a new record's row, as bulk.count_cells reads it
