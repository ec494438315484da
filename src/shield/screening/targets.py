"""Targets (or military objectives) read from CSV or GeoJSON: an id, a point, and a radius in
metres where the row has one. Every error names its line or feature and its column; nothing is
screened from a file with an error."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass

from django.conf import settings

from shield.core.errors import FieldError, RecordInvalid

LAT = ("lat", "latitude", "y")
LON = ("lon", "lng", "long", "longitude", "x")
IDS = ("id", "target", "name", "ref")
RADIUS = ("radius_m", "radius")
MAX_ERRORS = 20


@dataclass(frozen=True)
class Targets:
    ids: list[str]
    lat: list[float]
    lon: list[float]
    radius_m: list[float | None]  # None: the run's radius

    def __len__(self) -> int:
        return len(self.ids)


def max_targets() -> int:
    return int(getattr(settings, "SHIELD_SCREEN_MAX_TARGETS", 1_000_000))


def _number(text, where: str, column: str, errors: list, low: float, high: float):
    try:
        value = float(str(text).strip())
    except (TypeError, ValueError):
        errors.append(FieldError(f"{where}: {column}", f"{text!r} is not a number"))
        return None
    if not (math.isfinite(value) and low <= value <= high):
        errors.append(FieldError(f"{where}: {column}", f"{value} is not between {low} and {high}"))
        return None
    return value


def _add(out: Targets, errors, where, ident, lat, lon, radius, lat_col, lon_col) -> None:
    la = _number(lat, where, lat_col, errors, -90, 90)
    lo = _number(lon, where, lon_col, errors, -180, 180)
    r = None
    if radius not in (None, ""):
        r = _number(radius, where, "radius_m", errors, 0, 1e6)
    if la is not None and lo is not None:
        out.ids.append(str(ident).strip() or where)
        out.lat.append(la)
        out.lon.append(lo)
        out.radius_m.append(r)


def _pick(names, wanted) -> str | None:
    lowered = {n.strip().lower(): n for n in names if n}
    return next((lowered[w] for w in wanted if w in lowered), None)


def read_csv(text: str) -> Targets:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    names = reader.fieldnames or []
    lat_col, lon_col = _pick(names, LAT), _pick(names, LON)
    if lat_col is None or lon_col is None:
        raise RecordInvalid(
            [FieldError("line 1", "the header needs a latitude and a longitude column (lat, lon)")]
        )
    id_col, r_col = _pick(names, IDS), _pick(names, RADIUS)
    out, errors = Targets([], [], [], []), list[FieldError]()
    for n, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        ident = row.get(id_col) if id_col else ""
        _add(
            out,
            errors,
            f"line {n}",
            ident or f"line {n}",
            row.get(lat_col),
            row.get(lon_col),
            row.get(r_col) if r_col else None,
            lat_col,
            lon_col,
        )
        if len(errors) >= MAX_ERRORS:
            break
    return _done(out, errors)


def read_geojson(text: str) -> Targets:
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise RecordInvalid([FieldError("file", f"not JSON: {exc}")]) from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        features = [doc]
    if not isinstance(features, list):
        raise RecordInvalid([FieldError("file", "a GeoJSON FeatureCollection of Points is needed")])
    out, errors = Targets([], [], [], []), list[FieldError]()
    for i, f in enumerate(features):
        where = f"feature {i}"
        geom = f.get("geometry") if isinstance(f, dict) else None
        coords = geom.get("coordinates") if isinstance(geom, dict) else None
        if (
            not isinstance(geom, dict)
            or geom.get("type") != "Point"
            or not isinstance(coords, list)
            or len(coords) < 2
        ):
            errors.append(FieldError(f"{where}: geometry", "must be a Point [lon, lat]"))
        else:
            props = f.get("properties") or {}
            ident = f.get("id") or next((props.get(k) for k in IDS if props.get(k)), where)
            radius = next((props.get(k) for k in RADIUS if props.get(k) is not None), None)
            _add(out, errors, where, ident, coords[1], coords[0], radius, "latitude", "longitude")
        if len(errors) >= MAX_ERRORS:
            break
    return _done(out, errors)


def read(content: bytes, name: str) -> Targets:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordInvalid([FieldError("file", "the file must be UTF-8 text")]) from None
    lowered = name.lower()
    if lowered.endswith((".geojson", ".json")) or text.lstrip().startswith("{"):
        return read_geojson(text)
    return read_csv(text)


def from_points(points: list[dict]) -> Targets:
    """Targets given as ``[{id, lat, lon, radius_m}]`` (the API's body, the page's clicks)."""
    out, errors = Targets([], [], [], []), list[FieldError]()
    for i, p in enumerate(points):
        _add(
            out,
            errors,
            f"targets[{i}]",
            p.get("id") or f"{i + 1}",
            p.get("lat"),
            p.get("lon"),
            p.get("radius_m"),
            "lat",
            "lon",
        )
    return _done(out, errors)


def _done(out: Targets, errors: list) -> Targets:
    if errors:
        raise RecordInvalid(errors)
    if not out.ids:
        raise RecordInvalid([FieldError("file", "no targets: each needs a latitude and longitude")])
    if len(out) > max_targets():
        raise RecordInvalid(
            [FieldError("file", f"{len(out):,} targets: at most {max_targets():,} in one run")]
        )
    return out
