"""Listings read from a file: CSV (a header row) or JSON (a list of objects, or
``{"listings": [...]}``). Every problem names the file, the row and the field; one problem
refuses the whole file (all or nothing)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from shield.core.errors import FieldError, RecordInvalid
from shield.registry.fileformats import FileUnreadable, decode_text

TEXT_FIELDS = {
    "title": 500,
    "description": 5000,
    "object_type": 200,
    "materials": 500,
    "measurements": 300,
    "date": 200,
    "language": 35,
    "marketplace": 300,
    "url": 1000,
}
KNOWN = {"id", "images", *TEXT_FIELDS}
MAX_LISTINGS = 200_000
MAX_ERRORS = 50


@dataclass
class ListingIn:
    row: int
    ref: str
    title: str = ""
    description: str = ""
    object_type: str = ""
    materials: str = ""
    measurements: str = ""
    date: str = ""
    language: str = ""
    marketplace: str = ""
    url: str = ""
    images: list[str] = field(default_factory=list)


def _rows(content: bytes, name: str) -> list[dict[str, Any]]:
    try:
        text = decode_text(content, name)
    except FileUnreadable as exc:
        raise RecordInvalid([FieldError("file", f"{name}: {exc}")]) from None
    stripped = text.lstrip()
    if name.lower().endswith(".json") or stripped.startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RecordInvalid(
                [FieldError("file", f"{name}: not JSON (line {exc.lineno}, column {exc.colno})")]
            ) from None
        if isinstance(data, dict):
            data = data.get("listings")
        if not isinstance(data, list):
            raise RecordInvalid(
                [FieldError("file", f'{name}: a JSON list of listings, or {{"listings": [...]}}')]
            )
        return data
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "id" not in [h.strip() for h in reader.fieldnames]:
        raise RecordInvalid(
            [FieldError("file", f"{name}: the CSV needs a header with an id column")]
        )
    return [{(k or "").strip(): v for k, v in row.items()} for row in reader]


def read(content: bytes, name: str) -> list[ListingIn]:
    """The listings in a file, each checked; refused together with every problem found."""
    rows = _rows(content, name)
    if not rows:
        raise RecordInvalid([FieldError("file", f"{name}: no listings in the file")])
    if len(rows) > MAX_LISTINGS:
        raise RecordInvalid(
            [FieldError("file", f"{name}: {len(rows)} listings; at most {MAX_LISTINGS} a batch")]
        )
    errors: list[FieldError] = []
    seen: dict[str, int] = {}
    out = []
    for i, row in enumerate(rows, start=1):
        where = f"{name}: row {i}"
        if not isinstance(row, dict):
            errors.append(FieldError(where, "is not an object with the listing's fields"))
            continue
        ref = str(row.get("id") or "").strip()
        if not ref:
            errors.append(FieldError(f"{where}: id", "is required"))
        elif len(ref) > 200:
            errors.append(FieldError(f"{where}: id", "is longer than 200 characters"))
        elif ref in seen:
            errors.append(FieldError(f"{where}: id", f"{ref!r} is also the id of row {seen[ref]}"))
        else:
            seen[ref] = i
        values: dict[str, str] = {}
        for key, limit in TEXT_FIELDS.items():
            value = row.get(key)
            if value is None:
                value = ""
            if not isinstance(value, str | int | float):
                errors.append(FieldError(f"{where}: {key}", "is not text"))
                continue
            value = str(value).strip()
            if "\x00" in value:
                errors.append(FieldError(f"{where}: {key}", "holds a NUL character"))
            elif len(value) > limit:
                errors.append(FieldError(f"{where}: {key}", f"is longer than {limit} characters"))
            values[key] = value
        raw_images = row.get("images") or []
        if isinstance(raw_images, str):
            raw_images = [s.strip() for s in raw_images.replace("|", ";").split(";") if s.strip()]
        if not isinstance(raw_images, list) or not all(isinstance(s, str) for s in raw_images):
            errors.append(FieldError(f"{where}: images", "is not a list of file names"))
            raw_images = []
        if not (values.get("title") or values.get("object_type") or values.get("description")):
            errors.append(
                FieldError(f"{where}: title", "is required (or an object type or a description)")
            )
        unknown = sorted(k for k in row if k and k not in KNOWN)
        if unknown and i == 1:
            errors.append(
                FieldError(
                    f"{name}: columns",
                    f"unknown: {', '.join(unknown)} (known: {', '.join(sorted(KNOWN))})",
                )
            )
        out.append(ListingIn(i, ref, images=list(raw_images), **values))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise RecordInvalid(errors[:MAX_ERRORS])
    return out
