"""Import and export of the registry: all or nothing in, disclosure-aware out.

An import reads every row, validates it and checks the importer's rights before it
writes anything; a single bad row writes nothing, and every bad row is named (line or
feature, field, reason). Rows match existing records by ``external_id``, so importing
the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from shield.accounts import roles
from shield.audit.log import actor_label, lock_tail
from shield.audit.models import AuditEntry
from shield.core.csvcells import csv_safe_row

from . import bulk, fileformats, newrows, provenance, services, staging
from .disclosure import location_for
from .models import (
    CulturalProperty,
    ExternalIdentifier,
    JurisdictionClaim,
    NameKey,
    Photograph,
    PropertyName,
    ProtectionEvent,
)
from .records import comparable, to_record, with_children
from .validation import TEXT_FIELDS, clean_record

Progress = Callable[[int], None]
BIG_IMPORT = 10_000  # rows from which the bulk-load tuning and deferred indexes pay off
BULK_TABLES = (
    CulturalProperty,
    PropertyName,
    NameKey,
    JurisdictionClaim,
    ProtectionEvent,
    Photograph,
    ExternalIdentifier,
)


@dataclass
class RowError:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.message}"


class ImportFailed(ValueError):
    """Nothing was imported. ``errors`` holds at most about ``fileformats.MAX_ERRORS`` (checking
    stops there); ``report()`` is the bounded account that the API and the CLI give."""

    def __init__(self, errors: list[RowError], total_rows: int):
        self.errors = errors
        self.total_rows = total_rows
        self.stopped = len(errors) >= fileformats.MAX_ERRORS
        shown = "\n".join(f"  {line}" for line in fileformats.report_lines(self.report()))
        some = (
            f"checking stopped at {len(errors)} errors"
            if self.stopped
            else f"{len(errors)} error(s) in {total_rows} row(s)"
        )
        super().__init__(f"nothing was imported: {some}\n{shown}")

    def report(self) -> dict:
        return fileformats.error_report(
            [(e.where, e.field, e.message) for e in self.errors], stopped=self.stopped
        )


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    sha256: str = ""
    errors: list[RowError] = field(default_factory=list)
    workers: int = 0  # worker processes that cleaned the rows (0: this process alone)
    audit_entry: int | None = (
        None  # the seq of the import's audit entry (None: nothing was written)
    )


def _noop(_n: int) -> None:
    return None


def reported(items: Iterable, progress: Progress, every: int = 1000) -> Iterator:
    """``items`` as they are, telling ``progress`` of each ``every`` of them and of the rest."""
    done = 0
    for item in items:
        yield item
        done += 1
        if done % every == 0:
            progress(every)
    progress(done % every)


def read_rows(content: bytes, name: str):
    kind, text = _text(content, name)
    return _rows(kind, text)


def _text(content: bytes, name: str) -> tuple[str, str]:
    try:
        text = fileformats.decode_text(content, name)
    except fileformats.FileUnreadable as exc:
        raise ImportFailed([RowError("file", "encoding", str(exc))], 0) from None
    return fileformats.sniff_format(name, text[:64].encode()), text


def _rows(kind: str, text: str) -> list:
    with unreadable_as_failure():
        return list(fileformats.read_csv(text) if kind == "csv" else fileformats.read_geojson(text))


@contextmanager
def unreadable_as_failure():
    """A file the readers cannot read fails the import with the readers' reason."""
    try:
        yield
    except fileformats.FileUnreadable as exc:
        raise ImportFailed([RowError("file", "format", str(exc))], 0) from None


def validate_rows(
    user, rows, progress: Progress = _noop
) -> tuple[list[tuple[str, dict]], list[RowError]]:
    states = services.state_codes()
    may_write = WritableStates(user, states)
    errors: list[RowError] = []
    cleaned: list[tuple[str, dict]] = []
    seen: dict[str, str] = {}
    for row in reported(rows, progress):
        clean, row_errors = check_row(row, states, may_write)
        errors.extend(row_errors)
        errors.extend(repeated_id(row.where, clean.get("external_id"), seen))
        cleaned.append((row.where, clean))
        if len(errors) >= fileformats.MAX_ERRORS:
            break  # enough to act on; the report says the count is a lower bound
    return cleaned, errors


class WritableStates(dict):
    """State code -> whether ``user`` may add to that State's inventory (asked once per State)."""

    def __init__(self, user, states: dict[str, int]):
        super().__init__()
        self.user, self.states = user, states

    def __missing__(self, state: str) -> bool:
        self[state] = roles.can_create_property(self.user, self.states[state])
        return self[state]


def check_row(
    row: fileformats.SourceRow, states: dict[str, int], may_write, nul_free: bool = False
) -> tuple[dict, list[RowError]]:
    """One row cleaned, with every error it has on its own (``repeated_id`` looks across rows).
    ``may_write[state]`` says whether the importer may write to that State's inventory;
    ``nul_free`` as ``clean_record`` takes it."""
    errors = [RowError(row.where, f, m) for f, m in row.errors]
    clean, problems = clean_record(row.data, states, nul_free=nul_free)
    errors.extend(RowError(row.where, p.field, p.message) for p in problems)
    if not clean.get("external_id"):
        errors.append(
            RowError(row.where, "external_id", "is required for import (re-imports match on it)")
        )
    state = clean.get("state")
    if state in states and not may_write[state]:
        errors.append(
            RowError(row.where, "state", f"you may not write to the inventory of {state}")
        )
    return clean, errors


def repeated_id(where: str, ext: str | None, seen: dict[str, str]) -> list[RowError]:
    """An error when ``ext`` was seen before in the file (``seen`` maps it to where)."""
    if not ext:
        return []
    if ext in seen:
        return [RowError(where, "external_id", f"{ext!r} is repeated (first at {seen[ext]})")]
    seen[ext] = where
    return []


def _existing(external_ids: list[str]) -> dict[str, CulturalProperty]:
    found: dict[str, CulturalProperty] = {}
    if not CulturalProperty.objects.filter(external_id__isnull=False).exists():
        return found
    for start in range(0, len(external_ids), 900):
        chunk = external_ids[start : start + 900]
        for prop in with_children(CulturalProperty.objects.filter(external_id__in=chunk)):
            found[prop.external_id] = prop
    return found


def import_bytes(
    user,
    content: bytes,
    name: str,
    dry_run: bool = False,
    progress: Progress = _noop,
    phase: Callable[[str, int], None] | None = None,
) -> ImportResult:
    """Import a CSV or GeoJSON file, all or nothing. ``phase(name, total)`` announces each phase."""
    kind, text = _text(content, name)
    sha256 = hashlib.sha256(content).hexdigest()
    if len(text) > PREFLIGHT_SIZE:
        preflight(user, kind, text)
    if kind == "csv":
        from . import bigimport  # it builds on this module

        result = bigimport.import_csv(
            user, text, name, sha256, dry_run, progress, phase or (lambda _n, _t: None)
        )
        if result is not None:
            return result
    return import_rows(user, _rows(kind, text), name, sha256, dry_run, progress, phase)


PREFLIGHT_ROWS = 20_000  # rows or features checked as they are read, before a full parse
PREFLIGHT_SIZE = 4 * 1024 * 1024  # characters from which that pays off
# A file whose first rows are all good is not garbage: the full check takes it from there
# (it stops at MAX_ERRORS too), and a good file is not checked twice over 20,000 rows.
PREFLIGHT_CLEAN = 2_000


def preflight(user, kind: str, text: str) -> None:
    """Check the first ``PREFLIGHT_ROWS`` rows (or features) of a big file as they are read
    (only the first ``PREFLIGHT_CLEAN`` when none of those has an error),
    before the file is parsed whole: a file that is mostly errors (garbage under a good header,
    junk features) fails in a fraction of a second with its first ``fileformats.MAX_ERRORS``
    errors, the same ones the full check would report first. A file that is not what it
    claims to be is left to the full check, which names what is wrong with it."""
    states = services.state_codes()
    may_write = WritableStates(user, states)
    errors: list[RowError] = []
    seen: dict[str, str] = {}
    try:
        if kind == "csv":
            with unreadable_as_failure():  # a bad header: the full check would say the same
                layout, cells = fileformats.iter_csv_cells(text)
            rows = (fileformats.csv_source_row(layout, fileformats.line(n), c) for n, c in cells)
        else:
            features = fileformats.iter_features(text)
            rows = (fileformats.geojson_source_row(i, f) for i, f in enumerate(features, 1))
        for count, row in enumerate(rows, start=1):
            clean, row_errors = check_row(row, states, may_write)
            errors += row_errors + repeated_id(row.where, clean.get("external_id"), seen)
            if len(errors) >= fileformats.MAX_ERRORS:
                raise ImportFailed(errors, count)
            if count >= PREFLIGHT_ROWS or (count >= PREFLIGHT_CLEAN and not errors):
                return
    except ImportFailed:
        raise
    except (ValueError, RecursionError):  # FileUnreadable too: the full check says what it is
        return


def import_rows(
    user,
    rows: list,
    name: str,
    sha256: str,
    dry_run: bool = False,
    progress: Progress = _noop,
    phase: Callable[[str, int], None] | None = None,
) -> ImportResult:
    phase = phase or (lambda _n, _t: None)
    result = ImportResult(total=len(rows), sha256=sha256)
    phase("validating", len(rows))
    cleaned, errors = validate_rows(user, rows, progress)
    if errors:
        raise ImportFailed(errors, len(rows))
    existing = _existing([c["external_id"] for _w, c in cleaned])
    new = [c for _w, c in cleaned if c["external_id"] not in existing]
    changed = []
    running = set(staging.hidden().values_list("pk", flat=True)) if existing else set()
    for _where, clean in cleaned:
        prop = existing.get(clean["external_id"])
        if prop is not None:
            if prop.staged_in in running:  # hidden: another import is still writing it
                errors.append(
                    RowError(
                        _where, "external_id", "is being imported by another import still running"
                    )
                )
            elif prop.inventory_state.code != clean["state"]:
                errors.append(
                    RowError(
                        _where,
                        "state",
                        f"{prop.code} belongs to {prop.inventory_state.code}; a record stays in its State's inventory",
                    )
                )
            elif not roles.can_edit_property(user, prop):
                errors.append(RowError(_where, "external_id", f"you may not change {prop.code}"))
            elif comparable(to_record(prop)) != _as_record(clean, prop):
                changed.append((prop, clean))
        if len(errors) >= fileformats.MAX_ERRORS:
            break
    if errors:
        raise ImportFailed(errors, len(rows))
    result.created, result.updated = len(new), len(changed)
    result.unchanged = len(cleaned) - len(new) - len(changed)
    if dry_run or (not new and not changed):
        return result
    phase("writing", len(new) + len(changed))
    if len(new) > BIG_IMPORT:
        bulk.tune_for_bulk_load()
    actor = import_actor(user)
    big = len(new) > BIG_IMPORT
    with (
        transaction.atomic(),
        bulk.deferred_indexes(*BULK_TABLES, AuditEntry) if big else nullcontext(),
    ):
        seq, prev = lock_tail()
        result.audit_entry = seq + 1
        created = _insert_new(new, progress, actor, seq + 1)
        items = [import_entry(actor, seq + 1, name, result, created)]
        updates = []
        for prop, clean in changed:
            before = comparable(to_record(prop))
            services.apply_clean(prop, clean, services.state_codes())
            updates.append(
                (
                    "update",
                    "property",
                    prop.id,
                    services.log.diff(before, comparable(to_record(prop))),
                    prop.code,
                )
            )
            progress(1)
        items += [newrows.audit_item(actor, seq + 2 + i, *u) for i, u in enumerate(updates)]
        rows, _last = newrows.chain_rows(actor, items, prev)
        bulk.insert(AuditEntry, newrows.AUDIT_COLUMNS, rows)
    bulk.refresh_statistics(*BULK_TABLES, AuditEntry, rows_written=len(new) + len(changed))
    return result


def import_entry(
    actor: newrows.Actor, seq: int, name: str, result: ImportResult, created: list[str]
) -> tuple:
    """The audit entry of the import itself: the file, its digest, what it did, and which
    records it created (``provenance``: each of them names this entry)."""
    return newrows.audit_item(
        actor,
        seq,
        "import",
        "file",
        result.sha256,
        {
            "file": name,
            "sha256": result.sha256,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            provenance.KEY: provenance.created_records(created),
        },
        f"import of {name}",
    )


def _as_record(clean: dict, prop: CulturalProperty) -> dict:
    record = {
        "external_id": clean["external_id"],
        "category": clean["category"],
        "state": clean["state"],
        **{f: clean.get(f, "") for f in TEXT_FIELDS},
        "lat": clean.get("lat"),
        "lon": clean.get("lon"),
        "boundary": clean.get("boundary"),
        "location_certainty": clean.get("location_certainty"),
        "confidentiality": clean.get("confidentiality"),
        "synthetic": bool(clean.get("synthetic")),
        "measurements": clean.get("measurements", []),
        "names": clean.get("names", []),
        "claims": clean.get("claims", []),
        "protection": services.protection_after(prop, clean.get("protection", [])),
        "photographs": clean.get("photographs", []),
        "identifiers": clean.get("identifiers", []),
    }
    return comparable(record)


def _insert_new(
    new: list[dict], progress: Progress, actor: newrows.Actor, import_seq: int
) -> list[str]:
    """Insert new records with executemany; returns what their import's entry covers of them."""
    if not new:
        return []
    rows = newrows.NewRows(services.state_codes(), actor, import_seq)
    taken: dict[str, int] = {}
    for clean in reported(new, progress):
        rows.add(clean, services.next_code(clean["state"], taken))
    for model, columns in newrows.COLUMNS.items():
        bulk.insert(model, columns, rows.tables[model])
    return rows.created


def import_actor(user) -> newrows.Actor:
    label = actor_label(user)
    return newrows.Actor(label, user.pk if label != "system" else None, timezone.now())


# ---- export -------------------------------------------------------------------------------


def export_records(user, qs, progress: Progress = _noop) -> Iterator[dict]:
    """Records as the reader may see them: exact points only where allowed."""
    for prop in reported(with_children(qs.order_by("code")), progress):
        rec = to_record(prop)
        loc = location_for(user, prop)
        rec["lat"], rec["lon"], rec["boundary"] = loc["lat"], loc["lon"], loc["boundary"]
        rec["location_precision"] = loc["precision"]
        if loc["precision"] == "area":
            rec["location_certainty"] = "general"
        yield rec


def write_csv(user, qs, out, progress: Progress = _noop) -> int:
    """Write the records of ``qs`` as CSV, one at a time (the header comes from one query)."""
    writer = csv.DictWriter(
        out, fieldnames=fileformats.csv_header(name_columns(qs)), extrasaction="ignore"
    )
    writer.writeheader()
    count = 0
    for rec in export_records(user, qs, progress):
        writer.writerow(csv_safe_row(fileformats.csv_row(rec)))  # no formula runs
        count += 1
    return count


def name_columns(qs) -> list[str]:
    """The ``name:`` columns the records of ``qs`` need: ordered by the code of the first
    record that has one of theirs, then by how early such a name was entered."""
    pairs = (
        PropertyName.objects.filter(property__in=qs)
        .values("lang", "kind")
        .annotate(first_code=Min("property__code"), first_id=Min("id"))
        .order_by("first_code", "first_id")
    )
    return [fileformats.name_column(p["lang"], p["kind"]) for p in pairs]


def feature(rec: dict) -> dict:
    props = {k: v for k, v in rec.items() if k not in {"lat", "lon", "boundary"}}
    geometry = None
    if rec.get("boundary"):
        geometry = rec["boundary"]
        props["lat"], props["lon"] = rec["lat"], rec["lon"]
    elif rec.get("lat") is not None:
        geometry = {"type": "Point", "coordinates": [rec["lon"], rec["lat"]]}
    return {"type": "Feature", "id": rec["id"], "geometry": geometry, "properties": props}


def write_geojson(user, qs, out, progress: Progress = _noop) -> int:
    """Write the records of ``qs`` as a GeoJSON FeatureCollection, one feature at a time."""
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for rec in export_records(user, qs, progress):
        out.write(
            (",\n" if count else "\n") + json.dumps(feature(rec), ensure_ascii=False, default=str)
        )
        count += 1
    out.write("\n]}\n")
    return count
