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
from shield.registry.services import NotAllowed

from . import clean, services
from .models import Assessment, Incident


class ImportInvalid(ValueError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


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
        doc = json.loads(stripped)
        rows = doc.get("results", doc.get("data", [doc])) if isinstance(doc, dict) else doc
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ImportInvalid(['file: JSON must be a list of submissions or {"results": [...]}'])
        return [_flatten(r) for r in rows]
    first = stripped.splitlines()[0] if stripped else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.DictReader(io.StringIO(stripped), delimiter=delimiter))


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
    if not isinstance(mapping.get("fields"), dict) or not mapping.get("fields"):
        problems.append("mapping.fields: must map field names to column names")
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
