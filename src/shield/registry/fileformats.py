"""Reading and writing the registry's file formats (CSV and GeoJSON) as plain records.

CSV: one row per property. Columns:
- ``external_id`` (required on import: re-imports match on it), ``category``, ``state``;
- ``name:<lang>`` or ``name:<lang>:<kind>`` (e.g. ``name:hy``, ``name:az-Latn:historical``),
  several names of one column separated by `` | ``;
- ``lat``, ``lon``, ``location_certainty``, ``confidentiality``, the text and Object-ID fields;
- ``synthetic``: ``true`` for invented (demo) data, ``false`` or empty for a real property;
- ``boundary``, ``claims``, ``protection``, ``measurements``, ``photographs``: JSON cells;
- ``names``: optionally, the full list of names as JSON (with script and source). An export
  writes it beside the ``name:`` columns so that a round trip loses nothing; on import it
  must agree with the ``name:`` columns of its row (edit one and clear the other).
Export-only columns (``id``, ``code``, ``location_precision``) are ignored on import.

GeoJSON: a FeatureCollection; each feature's properties hold the record's fields (names as
a list of objects); a Point geometry gives lat/lon, a Polygon the boundary.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from .validation import TEXT_FIELDS

JSON_COLUMNS = ["boundary", "claims", "protection", "measurements", "photographs", "names"]
PLAIN_COLUMNS = [
    "external_id",
    "category",
    "state",
    "lat",
    "lon",
    "location_certainty",
    "confidentiality",
    "synthetic",
    *TEXT_FIELDS,
]
EXPORT_ONLY = {"id", "code", "location_precision"}
NAME_SEPARATOR = " | "
_NAME_SPLIT = NAME_SEPARATOR.strip()  # what splits a cell (the spaces around names are stripped)


@dataclass
class SourceRow:
    where: str  # "line 12" or "feature 3"
    data: dict
    errors: list[tuple[str, str]] = field(
        default_factory=list
    )  # (field, message) found while reading


class FileUnreadable(ValueError):
    pass


def sniff_format(name: str, head: bytes) -> str:
    lower = name.lower()
    if lower.endswith((".geojson", ".json")):
        return "geojson"
    if lower.endswith(".csv"):
        return "csv"
    return "geojson" if head.lstrip()[:1] in (b"{", b"[") else "csv"


@dataclass(frozen=True)
class CsvLayout:
    """What a CSV header says: its columns and, for each name column, (language, kind)."""

    header: tuple[str, ...]
    plain: tuple[str, ...]  # the plain columns present
    json: tuple[str, ...]  # the JSON columns present
    names: tuple[tuple[str, str, str], ...]  # (column, lang, kind) of each name column


def csv_layout(header: list[str] | None) -> CsvLayout:
    """Check a CSV header; FileUnreadable names what is wrong with it."""
    header = header or []
    if not header:
        raise FileUnreadable("line 1: the file has no header row")
    unknown = [
        c
        for c in header
        if c not in PLAIN_COLUMNS
        and c not in JSON_COLUMNS
        and c not in EXPORT_ONLY
        and not c.startswith("name:")
    ]
    if unknown:
        raise FileUnreadable(f"line 1: unknown column(s): {', '.join(unknown)}")
    name_headers = [h for h in header if h.startswith("name:")]
    parsed = [_name_column(c) for c in name_headers]
    bad = [c for c, p in zip(name_headers, parsed) if p is None]
    if bad:
        raise FileUnreadable(
            f"line 1: name columns must be name:<lang> or name:<lang>:<kind>: {', '.join(bad)}"
        )
    return CsvLayout(
        tuple(header),
        tuple(c for c in PLAIN_COLUMNS if c in header),
        tuple(c for c in JSON_COLUMNS if c in header),
        tuple((c, *p) for c, p in zip(name_headers, parsed)),
    )  # type: ignore[misc]


def csv_cells(text: str) -> tuple[CsvLayout, list[tuple[int, list[str]]]]:
    """The header's layout and every row's cells with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    layout = csv_layout(next(reader, None))
    rows = []
    start = reader.line_num
    for cells in reader:
        if cells:  # a blank line is no record (as csv.DictReader reads it)
            rows.append((start + 1, cells))
        start = reader.line_num
    return layout, rows


def line(number: int) -> str:
    """Where a CSV row is, as errors name it."""
    return f"line {number}"


def csv_source_row(layout: CsvLayout, where: str, cells: list[str]) -> SourceRow:
    """One CSV row as a plain record, with what was found wrong while reading it."""
    header = layout.header
    raw = dict(zip(header, cells))
    row = SourceRow(where, {})
    if len(cells) > len(header):
        row.errors.append(("row", f"has {len(cells)} cells; the header has {len(header)}"))
    if raw.get("location_precision") == "area":
        row.errors.append(
            (
                "location_precision",
                "the row holds a coarsened area, not a point; it cannot be imported "
                "(export with --user of a role that sees exact locations to move records)",
            )
        )
    data = row.data
    for column in layout.plain:
        value = raw.get(column)
        if value is not None:
            data[column] = value.strip()
    for column in layout.json:
        cell = raw.get(column, "").strip()
        if cell:
            try:
                data[column] = json.loads(cell)
            except json.JSONDecodeError as exc:
                row.errors.append((column, f"is not valid JSON ({exc.msg} at character {exc.pos})"))
    names = []
    for column, lang, kind in layout.names:
        for text in raw.get(column, "").split(_NAME_SPLIT):
            text = text.strip()
            if text:
                names.append({"text": text, "lang": lang, "kind": kind})
    if "names" in data:
        if names and _name_set(names) != _name_set(data["names"]):
            row.errors.append(
                (
                    "names",
                    "the names column and the name: columns disagree; edit one and clear the other",
                )
            )
    else:
        data["names"] = names
    return row


def read_csv(text: str) -> Iterator[SourceRow]:
    layout, rows = csv_cells(text)
    for number, cells in rows:
        yield csv_source_row(layout, line(number), cells)


def _name_set(names) -> set:
    if not isinstance(names, list):
        return set()
    return {
        (str(n.get("text", "")).strip(), n.get("lang"), n.get("kind") or "official")
        for n in names
        if isinstance(n, dict)
    }


def _name_column(column: str) -> tuple[str, str] | None:
    parts = column.split(":")
    if len(parts) == 2 and parts[1]:
        return parts[1], "official"
    if len(parts) == 3 and parts[1] and parts[2]:
        return parts[1], parts[2]
    return None


def read_geojson(text: str) -> Iterator[SourceRow]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileUnreadable(f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if (
        not isinstance(doc, dict)
        or doc.get("type") != "FeatureCollection"
        or not isinstance(doc.get("features"), list)
    ):
        raise FileUnreadable("the file must be a GeoJSON FeatureCollection")
    for i, feature in enumerate(doc["features"], start=1):
        row = SourceRow(f"feature {i}", {})
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            row.errors.append(("feature", "is not a GeoJSON Feature"))
            yield row
            continue
        props = feature.get("properties") or {}
        row.data = {k: v for k, v in props.items() if k not in EXPORT_ONLY and k != "location"}
        if props.get("location_precision") == "area":
            row.errors.append(
                (
                    "location_precision",
                    "the feature holds a coarsened area, not a point; it cannot be imported",
                )
            )
        geom = feature.get("geometry")
        if isinstance(geom, dict):
            if geom.get("type") == "Point":
                coords = geom.get("coordinates") or []
                if len(coords) >= 2:
                    row.data["lon"], row.data["lat"] = coords[0], coords[1]
                else:
                    row.errors.append(("geometry", "a Point needs [lon, lat]"))
            elif geom.get("type") in {"Polygon", "MultiPolygon"}:
                row.data["boundary"] = geom
            else:
                row.errors.append(
                    ("geometry", f"type {geom.get('type')!r} is not supported (Point, Polygon)")
                )
        yield row


def csv_header(name_columns: list[str]) -> list[str]:
    """The columns of an export whose names need ``name_columns`` (``name_column``)."""
    return [
        "id",
        "code",
        "external_id",
        "category",
        "state",
        *name_columns,
        "lat",
        "lon",
        "location_precision",
        "location_certainty",
        "confidentiality",
        "synthetic",
        *TEXT_FIELDS,
        *JSON_COLUMNS,
    ]


def name_column(lang: str, kind: str) -> str:
    """The column that holds names of this language and kind: ``name:hy``, ``name:ru:variant``."""
    return f"name:{lang}" + ("" if kind == "official" else f":{kind}")


def csv_row(rec: dict) -> dict:
    row = {
        k: rec.get(k)
        for k in (
            "id",
            "code",
            "external_id",
            "category",
            "state",
            "lat",
            "lon",
            "location_precision",
            "location_certainty",
            "confidentiality",
            *TEXT_FIELDS,
        )
    }
    row["synthetic"] = "true" if rec.get("synthetic") else "false"
    for n in rec["names"]:
        col = name_column(n["lang"], n["kind"])
        row[col] = f"{row[col]}{NAME_SEPARATOR}{n['text']}" if row.get(col) else n["text"]
    for column in JSON_COLUMNS:
        value = rec.get(column)
        row[column] = json.dumps(value, ensure_ascii=False, default=str) if value else ""
    return row
