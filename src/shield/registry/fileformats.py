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
  must agree with the ``name:`` columns of its row (edit one and clear the other);
- ``identifiers``: the external identifiers as JSON (``[{scheme, state, value, source}]``,
  ``registry.identifiers``); an export writes this column. On import, a typed identifier may
  also go in a column of its own: ``identifier:whc``, ``identifier:wikidata``,
  ``identifier:interpol`` or ``identifier:national:<STATE>`` (e.g. ``identifier:national:ARM``),
  several in one cell separated by `` | ``; they are added to those of the JSON column
  (one given in both counts once).
Export-only columns (``id``, ``code``, ``location_precision``) are ignored on import.

GeoJSON: a FeatureCollection; each feature's properties hold the record's fields (names as
a list of objects); a Point geometry gives lat/lon, a Polygon the boundary.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from shield.core.csvcells import csv_unescape

from .validation import TEXT_FIELDS

JSON_COLUMNS = [
    "boundary",
    "claims",
    "protection",
    "measurements",
    "photographs",
    "names",
    "identifiers",
]
IDENTIFIER_COLUMN = "identifier:"
_IDENTIFIER_SCHEMES = ("whc", "wikidata", "interpol", "national")
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


def _may_hold_escapes(text: str) -> bool:
    """Whether some cell may start with an apostrophe (a quick look at the whole text)."""
    return text[:1] == "'" or any(mark in text for mark in (",'", "\n'", "\r'", "\"'"))


_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(content: bytes, name: str) -> str:
    """The text of a file: UTF-8 (with or without a byte-order mark), or UTF-16 or UTF-32
    with one. Anything else (Latin-1, Windows-1252, binary) is refused, naming the file and
    the first byte that is not UTF-8: guessing a legacy code page would silently garble
    names in other scripts."""
    for bom, codec in _BOMS:
        if content.startswith(bom):
            try:
                return _no_nul(content[len(bom) :].decode(codec), name)
            except UnicodeDecodeError as exc:
                raise FileUnreadable(
                    f"{name}: starts with a {codec.upper()} byte-order mark but is not "
                    f"{codec.upper()} (byte {exc.start + len(bom)})"
                ) from None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileUnreadable(
            f"{name}: not UTF-8 text (byte {exc.start}: 0x{content[exc.start]:02x}); "
            "save it as UTF-8 (or UTF-16 with a byte-order mark) and try again"
        ) from None
    return _no_nul(text, name)


def _no_nul(text: str, name: str) -> str:
    """Text holds no NUL character (no database stores one in text; a file with one is binary)."""
    at = text.find("\x00")
    if at >= 0:
        raise FileUnreadable(
            f"{name}: a NUL character on line {text.count(chr(10), 0, at) + 1}: not a text file"
        )
    return text


def clip(text: str, limit: int = 200) -> str:
    """``text`` cut to ``limit`` characters, marked where cut (messages quote input)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    # (column, scheme, State) of each identifier column (State: a national inventory's)
    identifiers: tuple[tuple[str, str, str], ...] = ()


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
        and not c.startswith(IDENTIFIER_COLUMN)
    ]
    if unknown:
        shown = ", ".join(clip(c, 60) for c in unknown[:10])
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        raise FileUnreadable(f"line 1: unknown column(s): {shown}{more}")
    name_headers = [h for h in header if h.startswith("name:")]
    parsed = [_name_column(c) for c in name_headers]
    bad = [c for c, p in zip(name_headers, parsed) if p is None]
    if bad:
        raise FileUnreadable(
            "line 1: name columns must be name:<lang> or name:<lang>:<kind>: "
            + ", ".join(clip(c, 60) for c in bad[:10])
        )
    id_headers = [h for h in header if h.startswith(IDENTIFIER_COLUMN)]
    id_parsed = [_identifier_column(c) for c in id_headers]
    bad = [c for c, p in zip(id_headers, id_parsed) if p is None]
    if bad:
        raise FileUnreadable(
            "line 1: identifier columns must be identifier:whc, identifier:wikidata, "
            "identifier:interpol or identifier:national:<STATE> (ISO 3166-1 alpha-3): "
            + ", ".join(clip(c, 60) for c in bad[:10])
        )
    return CsvLayout(
        tuple(header),
        tuple(c for c in PLAIN_COLUMNS if c in header),
        tuple(c for c in JSON_COLUMNS if c in header),
        tuple((c, *p) for c, p in zip(name_headers, parsed)),  # type: ignore[misc]
        tuple((c, *p) for c, p in zip(id_headers, id_parsed)),  # type: ignore[misc]
    )


def _identifier_column(column: str) -> tuple[str, str] | None:
    """(scheme, State) of an ``identifier:`` column, or None when it is not one."""
    parts = column.split(":")
    if len(parts) == 2 and parts[1] in _IDENTIFIER_SCHEMES and parts[1] != "national":
        return parts[1], ""
    if len(parts) == 3 and parts[1] == "national" and len(parts[2]) == 3 and parts[2].isalpha():
        return "national", parts[2].upper()
    return None


def csv_cells(text: str) -> tuple[CsvLayout, list[tuple[int, list[str]]]]:
    """The header's layout and every row's cells with the line it starts on."""
    layout, rows = iter_csv_cells(text)
    return layout, list(rows)


def iter_csv_cells(text: str) -> tuple[CsvLayout, Iterator[tuple[int, list[str]]]]:
    """The header's layout (read now) and the rows' cells with their lines, read as asked for.
    Text the csv module cannot read (a NUL byte, a cell past its size limit) raises
    FileUnreadable naming the line."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise FileUnreadable(f"line 1: not CSV ({exc})") from None
    layout = csv_layout(header)
    unescape = _may_hold_escapes(text)  # cells an export escaped (csv_safe)

    def rows() -> Iterator[tuple[int, list[str]]]:
        start = reader.line_num
        try:
            for cells in reader:
                if cells:  # a blank line is no record (as csv.DictReader reads it)
                    yield start + 1, [csv_unescape(c) for c in cells] if unescape else cells
                start = reader.line_num
        except csv.Error as exc:
            raise FileUnreadable(f"line {start + 1}: not CSV ({exc})") from None

    return layout, rows()


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
            except RecursionError:
                row.errors.append((column, "is not valid JSON (nested too deeply)"))
    names = []
    for column, lang, kind in layout.names:
        for text in raw.get(column, "").split(_NAME_SPLIT):
            text = text.strip()
            if text:
                names.append({"text": text, "lang": lang, "kind": kind})
    if layout.identifiers:
        _add_identifier_cells(layout, raw, data)
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


def _add_identifier_cells(layout: CsvLayout, raw: dict, data: dict) -> None:
    """The identifiers of a row's ``identifier:`` columns, added to its ``identifiers`` JSON
    (one in both counts once; a JSON cell that is not a list is left for the check to name)."""
    given = data.get("identifiers")
    if given is None:
        given = data["identifiers"] = []
    if not isinstance(given, list):
        return
    held = {_identifier_seen(i) for i in given if isinstance(i, dict)}
    for column, scheme, state in layout.identifiers:
        for text in raw.get(column, "").split(_NAME_SPLIT):
            text = text.strip()
            if not text:
                continue
            item = {"scheme": scheme, "value": text}
            if state:
                item["state"] = state
            if _identifier_seen(item) not in held:
                held.add(_identifier_seen(item))
                given.append(item)


def _identifier_seen(item: dict) -> tuple[str, str, str]:
    return (
        str(item.get("scheme") or "").strip().lower(),
        str(item.get("state") or "").strip().upper(),
        str(item.get("value") or "").strip().lower(),
    )


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
    except RecursionError:
        raise FileUnreadable("not valid GeoJSON: nested too deeply") from None
    if (
        not isinstance(doc, dict)
        or doc.get("type") != "FeatureCollection"
        or not isinstance(doc.get("features"), list)
    ):
        raise FileUnreadable("the file must be a GeoJSON FeatureCollection")
    for i, feature in enumerate(doc["features"], start=1):
        yield geojson_source_row(i, feature)


def geojson_source_row(number: int, feature: Any) -> SourceRow:
    """One GeoJSON feature as a plain record, with what was found wrong while reading it."""
    row = SourceRow(f"feature {number}", {})
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        row.errors.append(("feature", "is not a GeoJSON Feature"))
        return row
    props = feature.get("properties") or {}
    if not isinstance(props, dict):
        row.errors.append(("properties", "must be a JSON object"))
        return row
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
        kind = geom.get("type")
        if kind == "Point":
            coords = geom.get("coordinates")
            if isinstance(coords, list) and len(coords) >= 2:
                row.data["lon"], row.data["lat"] = coords[0], coords[1]
            else:
                row.errors.append(("geometry", "a Point needs [lon, lat]"))
        elif kind in ("Polygon", "MultiPolygon"):
            row.data["boundary"] = geom
        else:
            row.errors.append(
                ("geometry", f"type {clip(repr(kind), 40)} is not supported (Point, Polygon)")
            )
    return row


_SPACE = re.compile(r"[ \t\n\r]*")


def iter_features(text: str) -> Iterator[Any]:
    """The features of a GeoJSON FeatureCollection one at a time, each parsed as it is reached
    (the rest of the file is only skipped over, never built), so that the first ones can be
    checked before a large file is parsed whole. Raises ValueError where the text is not JSON;
    yields nothing when the document has no ``features`` array."""
    decode = json.JSONDecoder().raw_decode
    i = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    if text[i : i + 1] != "{":
        return
    i += 1
    while True:
        i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
        if text[i : i + 1] == "}":
            return
        key, i = decode(text, i)
        i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
        if text[i : i + 1] != ":":
            raise ValueError("expected ':'")
        i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
        if key == "features" and text[i : i + 1] == "[":
            i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
            if text[i : i + 1] == "]":
                return
            while True:
                item, i = decode(text, _SPACE.match(text, i).end())  # type: ignore[union-attr]
                yield item
                i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
                if text[i : i + 1] == "]":
                    return
                if text[i : i + 1] != ",":
                    raise ValueError("expected ',' or ']'")
                i += 1
        _value, i = decode(text, i)
        i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
        if text[i : i + 1] == ",":
            i += 1
        elif text[i : i + 1] == "}":
            return
        else:
            raise ValueError("expected ',' or '}'")


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


# ---- error reports ------------------------------------------------------------------------

SHOWN_ERRORS = 100  # errors listed one by one in a report; the rest are counted
MAX_ERRORS = 1000  # an import stops checking rows once it has found this many
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_PLACE = re.compile(r"\b(line|row|feature|character|byte|position) \d+")
_LEADING_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?= )")


def reason_of(message: str) -> str:
    """A message with what varies (quoted values, places) taken out, to count by."""
    text = _PLACE.sub(r"\1 …", _QUOTED.sub("…", message))
    return clip(_LEADING_NUMBER.sub("…", text), 120)


def error_report(
    errors: list[tuple[str, str, str]], total: int | None = None, stopped: bool = False
) -> dict:
    """A bounded account of (where, field, message) errors, for the API and the CLI alike:
    the first ``SHOWN_ERRORS``, counts by field and reason (the 50 commonest), and the total
    (``total`` when more were found than listed; ``stopped``: checking stopped at
    ``MAX_ERRORS``, so the total is a lower bound)."""
    counts = Counter((f, reason_of(m)) for _w, f, m in errors)
    return {
        "total": len(errors) if total is None else total,
        "total_is_lower_bound": stopped,
        "shown": [
            {"where": clip(w, 80), "field": clip(f, 80), "message": clip(m, 300)}
            for w, f, m in errors[:SHOWN_ERRORS]
        ],
        "counts": [
            {"field": clip(f, 80), "reason": r, "count": n} for (f, r), n in counts.most_common(50)
        ],
    }


def report_lines(report: dict) -> list[str]:
    """``error_report`` as lines of text (the CLI's output)."""
    lines = [error_line(e) for e in report["shown"]]
    more = report["total"] - len(report["shown"])
    if more > 0:
        lines.append(f"... and {more} more; the errors found, by field and reason:")
        lines += [
            f"{c['count']:>8}  {c['field'] or 'file'}: {c['reason']}" for c in report["counts"]
        ]
    if report["total_is_lower_bound"]:
        lines.append(f"checking stopped after {report['total']} errors: fix these and try again")
    return lines


def error_line(e: dict) -> str:
    """One error of a report as text: where, field (if any), message."""
    return ": ".join(p for p in (e["where"], e["field"], e["message"]) if p)
