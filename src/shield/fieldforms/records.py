"""One submission through a mapping: our record's fields, and what the form said beside them.

``to_record`` gives the fields our services check (``condition``, ``disturbances``...),
the survey's own identifiers (``site_id``, ``site_name``), its point, the files it names
and every answer kept with its label (``kept``), or problems naming the form's own column
and label. Nothing here knows where the record goes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import orjson

from .exports import Submission, media_names, shape
from .form import Form

# Fields whose answer is a choice mapped to our code through ``values``.
CODED = ("condition", "damage_extent", "priority", "allegation", "certainty")


@dataclass
class Problem:
    column: str  # the export's own column (or the question's path)
    label: str  # the question's label
    message: str
    reason: str  # a short key for the summary ("unknown choice", "missing")
    code: str = ""  # stable: a door words ``message`` in its reader's language with ``params``
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Record:
    fields: dict[str, Any]
    site_id: str
    site_name: str
    point: dict[str, float] | None
    files: list[str]
    kept: dict[str, Any]
    digest: str
    problems: list[Problem] = field(default_factory=list)
    boundary: dict[str, Any] | None = None  # a geoshape, as a GeoJSON Polygon


def _where(form: Form, s: Submission, path: str) -> tuple[str, str]:
    q = form.by_path.get(path)
    return s.columns.get(path, path), (q.label() if q else "")


def kept(form: Form, s: Submission) -> dict[str, Any]:
    """Every answer, repeat and unknown column, by the form's own path (nothing dropped)."""
    out: dict[str, Any] = dict(s.answers)
    for path, items in s.repeats.items():
        out[path] = items
    if s.extra:
        out["_unknown_columns"] = s.extra
    return out


_SORTED = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def digest(s: Submission) -> str:
    """A hash of the submission's content (its answers and repeats): the same content
    imported again is unchanged; other content under the same id is an edit. The content as
    compact JSON with sorted keys, by orjson (an answer orjson cannot write, an integer past
    64 bits, as the standard library writes it)."""
    content = [s.answers, s.repeats, s.extra]
    try:
        body = orjson.dumps(content, option=_SORTED, default=str)
    except (TypeError, orjson.JSONEncodeError):
        return legacy_digest(s)
    return hashlib.sha256(body).hexdigest()


def legacy_digest(s: Submission) -> str:
    """The digest as imports before orjson wrote it (the standard library's JSON, spaced):
    a submission imported then and imported again unchanged is still unchanged."""
    body = json.dumps([s.answers, s.repeats, s.extra], sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def same_content(stored: str, s: Submission, record: Record) -> bool:
    """Whether a digest kept by an earlier import is this submission's content."""
    return stored == record.digest or stored == legacy_digest(s)


def to_record(form: Form, s: Submission, mapping: dict[str, Any]) -> Record:
    fields_map: dict[str, Any] = mapping.get("fields") or {}
    values: dict[str, dict[str, str]] = mapping.get("values") or {}
    data: dict[str, Any] = dict(mapping.get("constants") or {})
    problems: list[Problem] = []

    def answer(name: str) -> tuple[Any, str]:
        path = fields_map.get(name)
        if not isinstance(path, str) or not path:
            return None, ""
        return s.answers.get(path), path

    for name in CODED:
        value, path = answer(name)
        if value in (None, ""):
            continue
        table = values.get(name) or {}
        text = str(value)
        if text in table:
            data[name] = table[text]
        elif not table:
            data[name] = text
        else:
            column, label = _where(form, s, path)
            problems.append(
                Problem(
                    column,
                    label,
                    f"{text!r} has no code for {name} in the mapping "
                    f"({', '.join(sorted(table))} do)",
                    f"unknown choice for {name}",
                    "unknown_choice",
                    {"value": text, "field": name, "known": ", ".join(sorted(table))},
                )
            )
    for name in (
        "assessed_on",
        "reported_on",
        "occurred_on",
        "assessor",
        "reporter_name",
        "notes",
        "description",
    ):
        value, path = answer(name)
        if value not in (None, ""):
            data[name] = str(value)[:10] if name.endswith("_on") else str(value)
    causes, path = answer("causes")
    if causes:
        table = values.get("causes") or {}
        certainty = data.get("certainty") or mapping.get("constants", {}).get("certainty", "medium")
        disturbances = []
        for chosen in causes if isinstance(causes, list) else [causes]:
            code = table.get(str(chosen))
            if code is None:
                column, label = _where(form, s, path)
                problems.append(
                    Problem(
                        column,
                        label,
                        f"{chosen!r} has no cause in the mapping",
                        "unknown choice for causes",
                        "unknown_cause",
                        {"value": str(chosen)},
                    )
                )
                continue
            category, _, cause = code.partition("/")
            disturbances.append(
                {"category": category, "cause": cause or "unknown", "certainty": certainty}
            )
        data["disturbances"] = disturbances
    data.pop("certainty", None)
    probability = data.pop("threat_probability", None) or "possible"
    threats, path = answer("threats")
    if threats:
        table = values.get("threats") or {}
        data["threats"] = [
            {"category": table.get(str(t), str(t)), "probability": probability}
            for t in (threats if isinstance(threats, list) else [threats])
        ]
    site_id, _ = answer("site_id")
    site_name, _ = answer("site_name")
    point, path = answer("location")
    if point is not None and not isinstance(point, dict):
        column, label = _where(form, s, path)
        problems.append(
            Problem(
                column,
                label,
                f"{point!r} is not a point (lat lon)",
                "not a point",
                "not_point",
                {"value": str(point)},
            )
        )
        point = None
    if point is None:
        geo = s.meta.get("geolocation")
        if isinstance(geo, list) and len(geo) >= 2 and None not in geo[:2]:
            try:
                point = {"lat": float(geo[0]), "lon": float(geo[1])}
            except (TypeError, ValueError):
                point = None
    boundary = None
    outline, path = answer("boundary")
    if outline not in (None, ""):
        boundary = shape(outline)
        if boundary is None:
            column, label = _where(form, s, path)
            problems.append(
                Problem(
                    column,
                    label,
                    f"{str(outline)[:80]!r} is not a shape (lat lon; lat lon; ...)",
                    "not a shape",
                    "not_shape",
                    {"value": str(outline)[:80]},
                )
            )
    photos = fields_map.get("photos") or []
    files = media_names(form, s)
    if photos:
        wanted = set(photos if isinstance(photos, list) else [photos])
        named = _named_by(s, wanted)
        files = [f for f in files if f in named]
    if s.uuid:
        data["external_id"] = f"odk:{s.uuid}"
    return Record(
        fields=data,
        site_id=str(site_id or "").strip(),
        site_name=str(site_name or "").strip(),
        point=point,
        files=files,
        kept=kept(form, s),
        digest=digest(s),
        problems=problems,
        boundary=boundary,
    )


def _named_by(s: Submission, wanted: set[str]) -> set[str]:
    """The file names that the questions ``wanted`` answer (in repeats too), once for a
    submission rather than once for each of its files."""
    names: set[str] = set()

    def walk(answers: dict[str, Any]) -> None:
        for path, value in answers.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                for v in value:
                    walk(v)
            elif path in wanted:
                names.add(str(value).rsplit("/", 1)[-1])

    walk(s.answers)
    for items in s.repeats.values():
        for item in items:
            walk(item)
    return names
