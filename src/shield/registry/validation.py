"""Validation of a property record given as plain data: one rule set for every door.

``clean_record`` takes a mapping (from the API, a CSV row, a GeoJSON feature or a form)
and returns the cleaned record and a list of ``FieldError``s naming each bad field. It
touches no database: the caller passes the known State codes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Container, Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from shapely.geometry import shape
from shapely.validation import explain_validity

from shield.core.errors import FieldError
from shield.core.errors import RecordInvalid as RecordInvalid  # re-exported
from shield.treaty import states as states_list

from . import identifiers as ident
from .protection import Event, refusal_for
from .vocab import (
    CATEGORY_CODES,
    CONFIDENTIALITY,
    JURISDICTION_ROLES,
    LOCATION_CERTAINTY,
    MEASUREMENT_UNITS,
    MOVABLE_CATEGORIES,
    NAME_KINDS,
    PROTECTION_ACTIONS,
    PROTECTION_LEVELS,
)

_codes = lambda choices: {c for c, _label in choices}
NAME_KIND_CODES = _codes(NAME_KINDS)
CERTAINTY_CODES = _codes(LOCATION_CERTAINTY)
CONFIDENTIALITY_CODES = _codes(CONFIDENTIALITY)
ROLE_CODES = _codes(JURISDICTION_ROLES)
LEVEL_CODES = _codes(PROTECTION_LEVELS)
ACTION_CODES = _codes(PROTECTION_ACTIONS)
# BCP 47: language, optional script, region, variants (a practical subset of RFC 5646).
BCP47 = re.compile(r"^[a-zA-Z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-[a-zA-Z0-9]{5,8})*$")
SCRIPT = re.compile(r"^[A-Z][a-z]{3}$")

TEXT_FIELDS = {
    "description": 20000,
    "significance": 20000,
    "object_type": 200,
    "materials_techniques": 500,
    "inscriptions_markings": 5000,
    "distinguishing_features": 5000,
    "title": 300,
    "subject": 300,
    "date_period": 200,
    "maker": 300,
    "inventory_number": 100,
    "custodian": 300,
    "current_place": 300,
}

_TEXT_LIMITS = tuple(TEXT_FIELDS.items())  # (field, its longest text), read once per record


_SCRIPT_PREFIXES = {
    "LATIN": "Latn",
    "CYRILLIC": "Cyrl",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "ARABIC": "Arab",
    "GREEK": "Grek",
    "HEBREW": "Hebr",
    "CJK": "Hani",
    "DEVANAGARI": "Deva",
}


def guess_script(text: str) -> str:
    """The ISO 15924 code of the first letter's script, or '' if unknown."""
    for ch in text:
        if ch.isalpha():
            return _script_of_letter(ch)
    return ""


@lru_cache(maxsize=4096)
def _script_of_letter(ch: str) -> str:
    return _SCRIPT_PREFIXES.get(unicodedata.name(ch, "").split(" ")[0], "")


def _date(value: Any, field: str, errors: list[FieldError], required: bool = False) -> date | None:
    if value in (None, ""):
        if required:
            errors.append(FieldError(field, "is required (an ISO date, YYYY-MM-DD)"))
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        errors.append(FieldError(field, f"{value!r} is not an ISO date (YYYY-MM-DD)"))
        return None


def _float(value: Any, field: str, lo: float, hi: float, errors: list[FieldError]) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        errors.append(FieldError(field, f"{value!r} is not a number"))
        return None
    if not (lo <= number <= hi) or number != number:
        errors.append(FieldError(field, f"{number} is outside {lo}..{hi}"))
        return None
    return number


def _choice(
    value: Any,
    field: str,
    allowed: Container[str],
    errors: list[FieldError],
    default: str | None = None,
) -> str | None:
    if value in (None, ""):
        if default is None:
            errors.append(FieldError(field, "is required"))
        return default
    text = str(value).strip()
    if text not in allowed:
        errors.append(FieldError(field, f"{text!r} is not one of: {', '.join(sorted(allowed))}"))  # type: ignore[arg-type]
        return None
    return text


TRUE_WORDS = frozenset({"true", "yes", "1", "y", "t"})
FALSE_WORDS = frozenset({"false", "no", "0", "n", "f", ""})


def _flag(value: Any, field: str, errors: list[FieldError]) -> bool:
    """A yes/no field: a JSON boolean, or in a CSV cell true/false (yes/no, 1/0); empty is no."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_WORDS or text in FALSE_WORDS:
        return text in TRUE_WORDS
    errors.append(FieldError(field, f"{value!r} is not true or false"))
    return False


def _list(value: Any, field: str, errors: list[FieldError]) -> list:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        errors.append(FieldError(field, "must be a list"))
        return []
    return value


def _names(value: Any, errors: list[FieldError]) -> list[dict]:
    names = []
    for i, item in enumerate(_list(value, "names", errors)):
        if item.__class__ is not dict and not isinstance(item, Mapping):
            errors.append(FieldError(f"names[{i}]", "must be an object with text and lang"))
            continue
        get = item.get
        text = str(get("text") or "").strip()
        if not text:
            errors.append(FieldError(f"names[{i}].text", "is required"))
        elif len(text) > 300:
            errors.append(FieldError(f"names[{i}].text", "is longer than 300 characters"))
        lang = str(get("lang") or "").strip()
        if not _is_language_tag(lang):
            errors.append(
                FieldError(
                    f"names[{i}].lang",
                    f"{lang!r} is not a BCP 47 language tag (e.g. 'hy', 'az-Latn', 'ru')",
                )
            )
        script = str(get("script") or "").strip() or guess_script(text)
        if script and not _is_script_code(script):
            errors.append(
                FieldError(
                    f"names[{i}].script",
                    f"{script!r} is not an ISO 15924 code (e.g. 'Armn', 'Latn', 'Cyrl')",
                )
            )
        kind = get("kind")
        if (
            type(kind) is not str or kind not in NAME_KIND_CODES
        ):  # a known kind as it is; else the full check
            kind = _choice(kind, f"names[{i}].kind", NAME_KIND_CODES, errors, default="official")
        source = get("source")
        names.append(
            {
                "text": text,
                "lang": lang,
                "script": script,
                "kind": kind,
                "source": str(source)[:300] if source else "",
            }
        )
    if not names:
        errors.append(FieldError("names", "at least one name is required"))
    return names


@lru_cache(maxsize=1024)
def _is_language_tag(tag: str) -> bool:
    return BCP47.match(tag) is not None


@lru_cache(maxsize=256)
def _is_script_code(code: str) -> bool:
    return SCRIPT.match(code) is not None


def _claims(value: Any, states: Container[str], errors: list[FieldError]) -> list[dict]:
    claims = []
    for i, item in enumerate(_list(value, "claims", errors)):
        where = f"claims[{i}]"
        if not isinstance(item, Mapping):
            errors.append(FieldError(where, "must be an object with state and role"))
            continue
        state = state_code_of(item.get("state"))
        if state not in states:
            errors.append(
                FieldError(
                    f"{where}.state",
                    unknown_state(item.get("state"), state) if state else "is required",
                )
            )
        role = _choice(item.get("role"), f"{where}.role", ROLE_CODES, errors)
        start = _date(item.get("valid_from"), f"{where}.valid_from", errors)
        end = _date(item.get("valid_to"), f"{where}.valid_to", errors)
        if start and end and end < start:
            errors.append(FieldError(f"{where}.valid_to", "is before valid_from"))
        claims.append(
            {
                "state": state,
                "role": role,
                "valid_from": start,
                "valid_to": end,
                "basis": str(item.get("basis") or "")[:500],
                "source": str(item.get("source") or "")[:500],
            }
        )
    return claims


def _identifiers(value: Any, states: Container[str], errors: list[FieldError]) -> list[dict]:
    """A record's external identifiers (``registry.identifiers``), each checked by its scheme;
    a national inventory's names its issuing State. One record holds each identifier once."""
    out: list[dict] = []
    seen: set[tuple[str, str, str]] = set()
    for i, item in enumerate(_list(value, "identifiers", errors)):
        where = f"identifiers[{i}]"
        if not isinstance(item, Mapping):
            errors.append(FieldError(where, "must be an object with scheme and value"))
            continue
        scheme = _choice(item.get("scheme"), f"{where}.scheme", set(ident.SCHEMES), errors)
        state = ""
        raw_state = item.get("state")
        if scheme and ident.needs_state(scheme):
            state = state_code_of(raw_state)
            if state not in states:
                errors.append(
                    FieldError(
                        f"{where}.state",
                        unknown_state(raw_state, state)
                        if state
                        else "is required: the State whose national inventory issued it",
                    )
                )
        elif raw_state not in (None, ""):
            errors.append(
                FieldError(f"{where}.state", "is given only for a national inventory's identifier")
            )
        checked = ident.check(scheme or "", item.get("value")) if scheme else None
        if checked is not None and checked.problem:
            errors.append(FieldError(f"{where}.value", checked.problem))
        text = checked.value if checked is not None else str(item.get("value") or "")
        source = str(item.get("source") or "").strip()
        if len(source) > ident.SOURCE_MAX:
            errors.append(
                FieldError(f"{where}.source", f"is longer than {ident.SOURCE_MAX} characters")
            )
        if scheme and checked is not None and not checked.problem:
            if (scheme, state, text) in seen:
                errors.append(FieldError(f"{where}.value", f"{text!r} is given twice"))
            seen.add((scheme, state, text))
        out.append({"scheme": scheme, "state": state, "value": text, "source": source})
    return out


def _protection(value: Any, errors: list[FieldError]) -> list[dict]:
    events: list[dict] = []
    history: list[Event] = []
    for i, item in enumerate(_list(value, "protection", errors)):
        where = f"protection[{i}]"
        if not isinstance(item, Mapping):
            errors.append(
                FieldError(where, "must be an object with level, action, effective_date and basis")
            )
            continue
        level = _choice(item.get("level"), f"{where}.level", LEVEL_CODES, errors)
        action = _choice(item.get("action"), f"{where}.action", ACTION_CODES, errors)
        when = _date(item.get("effective_date"), f"{where}.effective_date", errors, required=True)
        basis = str(item.get("basis") or "").strip()
        if not basis:
            errors.append(
                FieldError(
                    f"{where}.basis", "is required: cite the article or decision it rests on"
                )
            )
        if level and action and when:
            ev = Event(level, action, when, basis)
            refused = refusal_for(history, ev)
            if refused is not None:
                errors.append(FieldError(where, refused.message("en"), refused))
            history.append(ev)
        events.append(
            {
                "level": level,
                "action": action,
                "effective_date": when,
                "basis": basis[:300],
                "note": str(item.get("note") or ""),
            }
        )
    return events


def _measurements(value: Any, errors: list[FieldError]) -> list[dict]:
    out = []
    for i, item in enumerate(_list(value, "measurements", errors)):
        where = f"measurements[{i}]"
        if not isinstance(item, Mapping) or not item.get("dimension"):
            errors.append(FieldError(where, "must be an object with dimension, value and unit"))
            continue
        number = _float(item.get("value"), f"{where}.value", 0, 1e9, errors)
        if number is None and item.get("value") in (None, ""):
            errors.append(FieldError(f"{where}.value", "is required"))
        unit = _choice(item.get("unit"), f"{where}.unit", MEASUREMENT_UNITS, errors)
        out.append({"dimension": str(item["dimension"]), "value": number, "unit": unit})
    return out


def _boundary(value: Any, errors: list[FieldError]) -> dict | None:
    if value in (None, ""):
        return None
    problem = boundary_problem(value)
    if problem:
        errors.append(FieldError("boundary", problem))
        return None
    return dict(value)


def boundary_problem(value: Any) -> str:
    """Why ``value`` is no boundary (a valid GeoJSON Polygon or MultiPolygon), or ""."""
    if not isinstance(value, Mapping) or value.get("type") not in {"Polygon", "MultiPolygon"}:
        return "must be a GeoJSON Polygon or MultiPolygon geometry"
    return geometry_problem(value)


def geometry_problem(value: Mapping) -> str:
    """Why a GeoJSON Polygon or MultiPolygon is not valid (RFC 7946 and OGC simple features),
    or "" when it is: each ring closed with at least four positions of [lon, lat] in range,
    then shapely's own check, with its reason (``explain_validity``)."""
    coords = value.get("coordinates")
    polygons = [coords] if value.get("type") == "Polygon" else coords
    if not isinstance(polygons, list) or not polygons:
        return "coordinates: must be a non-empty list"
    for p, rings in enumerate(polygons):
        where = "" if value.get("type") == "Polygon" else f"polygon {p + 1}, "
        if not isinstance(rings, list) or not rings:
            return f"{where}coordinates: a polygon is a non-empty list of rings"
        for r, ring in enumerate(rings):
            here = f"{where}ring {r + 1}"
            problem = _ring_problem(ring)
            if problem:
                return f"{here}: {problem}"
    try:
        geom = shape(value)
    except Exception as exc:  # shapely raises several types for malformed input
        return f"is not valid GeoJSON: {exc}"
    if not geom.is_valid:
        return f"is not a valid polygon: {explain_validity(geom)}"
    return ""


def _ring_problem(ring: Any) -> str:
    if not isinstance(ring, list):
        return "must be a list of [lon, lat] positions"
    for i, pos in enumerate(ring):
        if (
            not isinstance(pos, list)
            or len(pos) not in (2, 3)
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in pos)
            or not all(math.isfinite(c) for c in pos)
        ):
            return f"position {i + 1} must be [lon, lat] in numbers"
        if not (-180 <= pos[0] <= 180 and -90 <= pos[1] <= 90):
            return f"position {i + 1} ({pos[0]}, {pos[1]}) is outside lon -180..180, lat -90..90"
    if len(ring) < 4:
        return f"{len(ring)} positions; a ring needs at least 4 (the first repeated last)"
    if ring[0][:2] != ring[-1][:2]:
        return "not closed (its last position must repeat its first)"
    return ""


def state_code_of(value: Any) -> str:
    """The State's code for a code or any name shield.treaty.states knows ('Armenia' -> 'ARM');
    other text as it is, upper-cased."""
    text = str(value or "").strip()
    known = states_list.lookup(text) if text else None
    return known.code if known else text.upper()


def unknown_state(value: Any, code: str) -> str:
    """The error for a State not in the registry's list: the text given, and the closest names."""
    known = states_list.lookup(code)
    if known is not None:
        return f"{known.label('en')} is not in this registry's list of States"
    return states_list.unknown_message(str(value).strip())


def external_id_of(value: Any) -> str | None:
    return str(value).strip()[:200] if value not in (None, "") else None


EVERY_FIELD = frozenset(
    {
        "category",
        "state",
        "external_id",
        *TEXT_FIELDS,
        "lat",
        "lon",
        "boundary",
        "location_certainty",
        "confidentiality",
        "names",
        "claims",
        "protection",
        "measurements",
        "photographs",
        "identifiers",
        "synthetic",
    }
)


def _holds_nul(value: Any) -> bool:
    """Whether a string in ``value`` holds a NUL character: the common answer (no) without
    building the places (a big import asks it of every row)."""
    if value.__class__ is str:
        return "\x00" in value
    values: Iterable[Any]
    if value.__class__ is dict or isinstance(value, Mapping):
        values = value.values()
    elif value.__class__ is list or isinstance(value, list):
        values = value
    else:
        return isinstance(value, str) and "\x00" in value
    for v in values:
        if v.__class__ is str:
            if "\x00" in v:
                return True
        elif v is not None and _holds_nul(v):
            return True
    return False


def _nul_places(value: Any, where: str = "") -> list[str]:
    """Where a string in ``value`` holds a NUL character (PostgreSQL refuses to store one)."""
    if not where and not _holds_nul(value):
        return []
    if isinstance(value, str):
        return [where or "record"] if "\x00" in value else []
    if isinstance(value, Mapping):
        return [
            p for k, v in value.items() for p in _nul_places(v, f"{where}.{k}" if where else str(k))
        ]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nul_places(v, f"{where}[{i}]")]
    return []


def clean_record(
    data: Mapping[str, Any], states: Container[str], partial: bool = False, nul_free: bool = False
) -> tuple[dict, list[FieldError]]:
    """Clean a whole record (or, with ``partial``, only the fields present). ``nul_free``: the
    caller has found no NUL character anywhere in the file the record comes from (a big
    import asks once of the whole text, not of every value of every row)."""
    errors: list[FieldError] = (
        []
        if nul_free
        else [
            FieldError(where, "contains a NUL character (U+0000), which no text may hold")
            for where in _nul_places(data)
        ]
    )
    out: dict[str, Any] = {}
    fields = data if partial else EVERY_FIELD  # the fields to clean

    if "category" in fields:
        out["category"] = _choice(data.get("category"), "category", CATEGORY_CODES, errors)
    if "state" in fields:
        state = state_code_of(data.get("state"))
        if state not in states:
            errors.append(
                FieldError(
                    "state", unknown_state(data.get("state"), state) if state else "is required"
                )
            )
        out["state"] = state
    if "external_id" in fields:
        out["external_id"] = external_id_of(data.get("external_id"))
    get = data.get
    for field, limit in _TEXT_LIMITS:
        if partial and field not in fields:
            continue
        text = get(field) or ""
        if text.__class__ is not str:
            text = str(text)
        if len(text) > limit:
            errors.append(FieldError(field, f"is longer than {limit} characters"))
        out[field] = text
    if "lat" in fields or "lon" in fields:
        lat = _float(data.get("lat"), "lat", -90, 90, errors)
        lon = _float(data.get("lon"), "lon", -180, 180, errors)
        if (lat is None) != (lon is None) and not errors:
            errors.append(
                FieldError("lat" if lat is None else "lon", "give both lat and lon, or neither")
            )
        out["lat"], out["lon"] = lat, lon
    if "boundary" in fields:
        out["boundary"] = _boundary(data.get("boundary"), errors)
    if "location_certainty" in fields:
        out["location_certainty"] = _choice(
            data.get("location_certainty"),
            "location_certainty",
            CERTAINTY_CODES,
            errors,
            default="exact",
        )
    if "synthetic" in fields:
        out["synthetic"] = _flag(data.get("synthetic"), "synthetic", errors)
    if "confidentiality" in fields:
        out["confidentiality"] = _choice(
            data.get("confidentiality"),
            "confidentiality",
            CONFIDENTIALITY_CODES,
            errors,
            default="public",
        )
    if "names" in fields:
        out["names"] = _names(data.get("names"), errors)
    if "claims" in fields:
        out["claims"] = _claims(data.get("claims"), states, errors)
    if "protection" in fields:
        out["protection"] = _protection(data.get("protection"), errors)
    if "identifiers" in fields:
        out["identifiers"] = _identifiers(data.get("identifiers"), states, errors)
    if "measurements" in fields:
        out["measurements"] = _measurements(data.get("measurements"), errors)
    if "photographs" in fields:
        photos = []
        for i, item in enumerate(_list(data.get("photographs"), "photographs", errors)):
            if not isinstance(item, Mapping) or not item.get("url"):
                errors.append(FieldError(f"photographs[{i}]", "must be an object with url"))
                continue
            photos.append(
                {"url": str(item["url"])[:500], "caption": str(item.get("caption") or "")[:300]}
            )
        out["photographs"] = photos

    if not partial and out.get("category") not in MOVABLE_CATEGORIES and out.get("category"):
        located_badly = any(e.field in {"lat", "lon"} for e in errors)
        if (
            out.get("lat") is None
            and out.get("location_certainty") != "unknown"
            and not located_badly
        ):
            errors.append(
                FieldError(
                    "lat", "immovable property needs a location (or location_certainty 'unknown')"
                )
            )
    return out, errors
