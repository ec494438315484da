"""Importing KoboToolbox and ODK exports (CSV or JSON) into assessments or incidents.

A mapping file (JSON) says what each column means::

    {"kind": "assessment",                      # or "incident"
     "fields": {"property": "site/code", "assessed_on": "today", "condition": "cond/overall"},
     "values": {"condition": {"very bad": "very_bad"}},         # optional: source value -> code
     "constants": {"method": "field"},                          # optional: the same for every row
     "disturbances": {"prefix": "cond/causes/", "certainty": "cond/certainty"}}  # optional

Kobo/ODK CSV: group paths joined by "/", ";" or "," separated, select-multiple as one 0/1
column per option (``prefix`` + category code), ``_uuid`` per submission. JSON: a list of
submissions (or Kobo's ``{"results": [...]}``), nested groups flattened with "/".

All or nothing: every row is checked first; one bad row imports nothing and each error
names its row. Submissions already imported (``kobo:<_uuid>``) are left unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json

from django.db import transaction

from shield.audit import log
from shield.registry import fileformats
from shield.registry.services import NotAllowed

from . import clean, services
from .models import Assessment, Incident


class ImportInvalid(ValueError):
    """Nothing was imported: ``errors`` names each problem ("row 3 (kobo:…): field: reason");
    checking stops at ``fileformats.MAX_ERRORS``. ``report()`` is the bounded account."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors[: fileformats.SHOWN_ERRORS]))

    def report(self) -> dict:
        items = []
        for e in self.errors:
            parts = e.split(": ", 2)
            where, message = parts[0], parts[-1]
            items.append((where, parts[1] if len(parts) == 3 else "", message))
        stopped = len(self.errors) >= fileformats.MAX_ERRORS
        return fileformats.error_report(items, stopped=stopped)


def read_text(content: bytes, name: str) -> str:
    """A file's text (UTF-8 with or without a byte-order mark, UTF-16 with one); any other
    encoding is refused with ImportInvalid naming the file."""
    try:
        return fileformats.decode_text(content, name)
    except fileformats.FileUnreadable as exc:
        raise ImportInvalid([str(exc)]) from None


def _flatten(obj: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in obj.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, path + "/"))
        else:
            out[path] = value
    return out


def read_rows(text: str) -> list[dict]:
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith(("[", "{")):
        try:
            doc = json.loads(stripped)
        except RecursionError:
            raise ImportInvalid(["file: JSON nested too deeply"]) from None
        rows = doc.get("results", doc.get("data", [doc])) if isinstance(doc, dict) else doc
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ImportInvalid(['file: JSON must be a list of submissions or {"results": [...]}'])
        try:
            return [_flatten(r) for r in rows]
        except RecursionError:
            raise ImportInvalid(["file: JSON nested too deeply"]) from None
    first = stripped.splitlines()[0] if stripped else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(stripped), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:  # a NUL byte, a cell past the csv module's size limit
        raise ImportInvalid([f"file: line {reader.line_num}: not CSV ({exc})"]) from None


def parse_mapping(text: str) -> dict:
    try:
        mapping = json.loads(text)
    except ValueError as exc:
        raise ImportInvalid([f"mapping: not JSON ({exc})"]) from None
    problems = []
    if not isinstance(mapping, dict):
        raise ImportInvalid(["mapping: must be a JSON object"])
    if mapping.get("kind") not in {"assessment", "incident"}:
        problems.append("mapping.kind: must be 'assessment' or 'incident'")
    fields = mapping.get("fields")
    if (
        not isinstance(fields, dict)
        or not fields
        or not all(isinstance(c, str) for c in fields.values())
    ):
        problems.append("mapping.fields: must map field names to column names")
    for key in ("values", "constants", "disturbances"):
        if not isinstance(mapping.get(key, {}), dict):
            problems.append(f"mapping.{key}: must be a JSON object")
    values = mapping.get("values", {})
    if isinstance(values, dict) and not all(isinstance(t, dict) for t in values.values()):
        problems.append("mapping.values: must map each field to {source value: code}")
    dist = mapping.get("disturbances", {})
    if isinstance(dist, dict) and not all(isinstance(v, str) for v in dist.values()):
        problems.append("mapping.disturbances: prefix and certainty must be column names")
    if problems:
        raise ImportInvalid(problems)
    return mapping


def _value(raw, target: str, mapping: dict):
    raw = raw.strip() if isinstance(raw, str) else raw
    table = mapping.get("values", {}).get(target)
    if table and raw is not None and str(raw) in table:
        return table[str(raw)]
    return raw


def to_record(row: dict, mapping: dict) -> dict:
    data = dict(mapping.get("constants", {}))
    for target, column in mapping["fields"].items():
        if column in row and row[column] not in (None, ""):
            data[target] = _value(row[column], target, mapping)
    dist = mapping.get("disturbances")
    if dist:
        prefix = dist.get("prefix", "")
        certainty = (
            _value(row.get(dist.get("certainty", ""), ""), "certainty", mapping) or "unknown"
        )
        data["disturbances"] = [
            {"category": col[len(prefix) :], "certainty": certainty}
            for col, v in row.items()
            if col.startswith(prefix) and str(v).strip() in {"1", "True", "true"}
        ]
    uuid = row.get("_uuid") or row.get("meta/instanceID") or row.get("instanceID")
    if uuid and "external_id" not in data:
        data["external_id"] = f"kobo:{str(uuid).removeprefix('uuid:')}"
    return data


def import_file(user, filename: str, text: str, mapping_text: str, dry_run: bool = False) -> dict:
    """{created, unchanged, dry_run}; raises ImportInvalid naming every bad row."""
    mapping = parse_mapping(mapping_text)
    kind = mapping["kind"]
    if kind == "assessment" and not services.may_assess(user):
        raise NotAllowed("only assessors and the Secretariat import assessments")
    try:
        rows = read_rows(text)
    except ValueError as exc:
        raise ImportInvalid([f"file: {exc}"]) from None
    if not rows:
        raise ImportInvalid(["file: no rows"])
    model = Assessment if kind == "assessment" else Incident
    cleaner = services.clean_assessment if kind == "assessment" else services.clean_incident
    problems, ready, seen, unchanged = [], [], set(), 0
    for n, row in enumerate(rows, 1):
        data = to_record(row, mapping)
        ext = data.get("external_id")
        where = f"row {n}" + (f" ({ext})" if ext else "")
        if ext and ext in seen:
            problems.append(f"{where}: the same submission appears twice")
            continue
        seen.add(ext)
        if ext and model.objects.filter(external_id=ext).exists():
            unchanged += 1
            continue
        errors = clean.Errors()
        fields = cleaner(user, data, errors)
        problems.extend(f"{where}: {e.field}: {e.message}" for e in errors)
        ready.append(fields)
        if len(problems) >= fileformats.MAX_ERRORS:
            break  # enough to act on; the report says the count is a lower bound
    if problems:
        raise ImportInvalid(problems)
    if dry_run:
        return {"created": len(ready), "unchanged": unchanged, "dry_run": True}
    save = services.save_assessment if kind == "assessment" else services.save_incident
    with transaction.atomic():
        for fields in ready:
            save(user, fields)
        log.record(
            user,
            "import",
            kind,
            filename,
            {
                "file": filename,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "created": len(ready),
                "unchanged": unchanged,
            },
            summary=f"field forms {filename}: {len(ready)} {kind}s",
        )
    return {"created": len(ready), "unchanged": unchanged, "dry_run": False}
