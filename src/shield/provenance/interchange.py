"""The register in and out: JSON, CSV, and a CSV in the layout of INTERPOL's stolen works of
art notices (its field names as column headers). Imports are all or nothing; an entry whose
number is in the register already is corrected where it differs and left alone where it does
not, so an export imported again changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from shield.audit import log
from shield.core.csvcells import csv_safe_row, csv_unescape
from shield.core.errors import FieldError, NotAllowed, RecordInvalid

from . import access, clean, register
from .models import RegisterEntry

JSON_FORMAT = "heritage-shield/stolen-register/v1"
FORMATS = ("json", "csv", "interpol")

# The fields of an INTERPOL stolen works of art notice, as column headers, and the register's
# field each holds. The register's own fields INTERPOL has no column for follow, by name.
INTERPOL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("National reference", "number"),
    ("INTERPOL reference", "interpol_reference"),
    ("Country", "reporting_state"),
    ("Category", "object_type"),
    ("Title", "title"),
    ("Artist/Author", "maker"),
    ("Period/Date", "date_period"),
    ("Material/Technique", "materials_techniques"),
    ("Dimensions", "measurements"),
    ("Inscriptions/Marks", "inscriptions_markings"),
    ("Distinguishing features", "distinguishing_features"),
    ("Subject", "subject"),
    ("Place of theft", "lost_place"),
    ("Date of theft (from)", "lost_from"),
    ("Date of theft (to)", "lost_to"),
    ("Circumstances", "circumstances"),
    ("Photographs", "photographs"),
)
_INTERPOL_FIELDS = {f for _h, f in INTERPOL_COLUMNS}


def _columns(layout: str, full: bool) -> list[tuple[str, str]]:
    fields = [f for f in register.FIELDS if full or f not in register.POLICE_FIELDS]
    if layout == "interpol":
        return list(INTERPOL_COLUMNS) + [(f, f) for f in fields if f not in _INTERPOL_FIELDS]
    return [(f, f) for f in fields]


def _cell(field: str, value: Any) -> str:
    if field == "measurements":
        return clean.measurements_text(value)
    if field == "photographs":
        return json.dumps(value, ensure_ascii=False) if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def export(layout: str, user) -> str:
    """The whole register in ``layout`` (json, csv, interpol); the police file only for
    those who read it in full."""
    if layout not in FORMATS:
        raise RecordInvalid(
            [FieldError("format", f"{layout!r} is not one of {', '.join(FORMATS)}")]
        )
    full = access.reads_all_in_full(user)
    rows = [register.record(e, full=full) for e in register.entries()]
    if layout == "json":
        ver, size = register.version()
        body = {"format": JSON_FORMAT, "register_version": ver, "entries": rows}
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"
    cols = _columns(layout, full)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([h for h, _f in cols])
    for row in rows:
        cells = {h: _cell(f, row[f]) for h, f in cols}
        writer.writerow(list(csv_safe_row(cells).values()))
    return out.getvalue()


def _rows(text: str, layout: str) -> list[tuple[str, dict[str, Any]]]:
    """(where, data) per entry, named by row or index."""
    if layout == "json":
        try:
            body = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RecordInvalid([FieldError("file", f"not JSON: {exc}")])
        items = body.get("entries") if isinstance(body, dict) else body
        if not isinstance(items, list):
            raise RecordInvalid([FieldError("file", "holds no list of entries ('entries')")])
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise RecordInvalid([FieldError(f"entries[{i}]", "is not an object")])
            out.append((f"entries[{i}]", item))
        return out
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise RecordInvalid([FieldError("file", "is empty")])
    known = dict(INTERPOL_COLUMNS) if layout == "interpol" else {}
    fields = [known.get(h.strip(), h.strip()) for h in header]
    unknown = [h for h, f in zip(header, fields) if f not in register.FIELDS]
    if unknown:
        raise RecordInvalid([FieldError("header", f"unknown column(s): {', '.join(unknown)}")])
    out = []
    for n, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(fields):
            raise RecordInvalid(
                [FieldError(f"row {n}", f"has {len(cells)} cells, the header {len(fields)}")]
            )
        data: dict[str, Any] = {}
        for f, c in zip(fields, cells):
            c = csv_unescape(c)
            if f == "photographs":
                try:
                    data[f] = json.loads(c) if c.strip() else []
                except json.JSONDecodeError:
                    raise RecordInvalid([FieldError(f"row {n}.photographs", "is not JSON")])
            elif f == "synthetic":
                data[f] = c.strip().lower() == "true"
            else:
                data[f] = c
        out.append((f"row {n}", data))
    return out


def import_register(text: str, layout: str, user) -> dict[str, int]:
    """Import entries, all or nothing. Returns the counts created, updated and unchanged."""
    if layout not in FORMATS:
        raise RecordInvalid(
            [FieldError("format", f"{layout!r} is not one of {', '.join(FORMATS)}")]
        )
    if not access.may_report(user):
        raise NotAllowed("only a party officer (for its own State) or the Secretariat may import")
    errors = clean.Errors()
    plans = []
    seen: set[str] = set()
    for where, data in _rows(text, layout):
        sub = clean.Errors()
        number = str(data.get("number") or "").strip()
        if not number:
            sub.add("number", "is required")
        elif number in seen:
            sub.add("number", f"{number} appears twice in the file")
        seen.add(number)
        fields = register._clean(user, data, sub)
        if "status" not in data:
            fields.pop("status", None)
        if fields.get("reporting_state") and not access.may_report_for(
            user, fields["reporting_state"].pk
        ):
            sub.add("reporting_state", "a party officer imports only its own State's losses")
        errors.extend(FieldError(f"{where}.{e.field}", e.message) for e in sub)
        plans.append((number, fields))
    errors.raise_if_any()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        existing = {
            e.number: e for e in register.entries().filter(number__in=[n for n, _f in plans])
        }
        items = []
        for number, fields in plans:
            entry = existing.get(number)
            if entry is None:
                entry = RegisterEntry(number=number, **fields)
                entry.save()
                counts["created"] += 1
                items.append(
                    (
                        "import",
                        "register_entry",
                        entry.id,
                        {"number": number} | register._values(fields),
                        f"loss imported: {number}",
                    )
                )
                continue
            if not access.may_report_for(user, entry.reporting_state_id):
                raise NotAllowed(f"{number} is another State's entry")
            before = register.record(entry)
            for k, v in fields.items():
                setattr(entry, k, v)
            changes = log.diff(before, register.record(entry))
            if not changes:
                counts["unchanged"] += 1
                continue
            entry.updated_at = timezone.now()
            entry.save()
            counts["updated"] += 1
            items.append(
                (
                    "import",
                    "register_entry",
                    entry.id,
                    changes,
                    f"entry corrected by import: {number}",
                )
            )
        if items:
            log.record_many(user, items)
    return counts
