"""Checking input for provenance records: every error names its field; nothing is half-written."""

from __future__ import annotations

import re
from typing import Any

from shield.core.clean import Errors, choice, iso_date, text
from shield.core.errors import RecordInvalid
from shield.matching.objects import UNITS
from shield.parties.identity import state_for

# The checks every app's records share (shield.core.clean); this module adds provenance's own.
__all__ = ["Errors", "choice", "iso_date", "text"]


def state(data: dict, field: str, errors: Errors, required: bool = True):
    value = data.get(field)
    if not (value.strip() if isinstance(value, str) else value):
        if required:
            errors.add(field, "is required (a State code or name, e.g. ARM or Armenia)")
        return None
    try:
        return state_for(value, field)
    except RecordInvalid as exc:
        errors.extend(exc.errors)
        return None


_MEASURE = re.compile(
    r"^\s*(?P<dim>[^\d;:]+?)\s*:?\s*(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>[a-zA-Z]+)\s*$"
)


def number_text(value: float) -> str:
    """A measurement's value as written in every export: '32', '24.5' (never '32.0')."""
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def measurements_text(items: list[dict]) -> str:
    """'height 32 cm; width 24.5 cm': the layout of INTERPOL's dimensions field and the forms."""
    return "; ".join(f"{m['dimension']} {number_text(m['value'])} {m['unit']}" for m in items)


def measurements(data: dict, field: str, errors: Errors) -> list[dict]:
    """A list of {dimension, value, unit}, or their text 'height 32 cm; width 24.5 cm'."""
    value = data.get(field)
    if value in (None, "", []):
        return []
    items: list[Any]
    if isinstance(value, str):
        items = []
        for i, part in enumerate(p for p in value.split(";") if p.strip()):
            m = _MEASURE.match(part)
            if not m:
                errors.add(
                    f"{field}[{i}]",
                    f"{part.strip()!r} is not a measurement (write it as 'height 32 cm')",
                )
                items.append(None)  # keeps the next parts' positions
                continue
            items.append(
                {
                    "dimension": m["dim"].strip(),
                    "value": m["value"].replace(",", "."),
                    "unit": m["unit"],
                }
            )
    elif isinstance(value, list):
        items = value
    else:
        errors.add(field, "must be a list of {dimension, value, unit} or text like 'height 32 cm'")
        return []
    out = []
    for i, item in enumerate(items):
        where = f"{field}[{i}]"
        if item is None:
            continue
        if not isinstance(item, dict):
            errors.add(where, "must be an object with dimension, value and unit")
            continue
        dim = str(item.get("dimension") or "").strip()
        if not dim:
            errors.add(f"{where}.dimension", "is required")
        elif re.search(r"[\d;:]", dim):
            errors.add(
                f"{where}.dimension", f"{dim!r}: a dimension is a word (no digits, ';' or ':')"
            )
        try:
            number = float(str(item.get("value")).replace(",", "."))
            if not 0 < number < 1e9:
                raise ValueError
        except (TypeError, ValueError):
            errors.add(f"{where}.value", f"{item.get('value')!r} is not a positive number")
            continue
        unit = str(item.get("unit") or "").strip().lower()
        if unit not in UNITS:
            errors.add(f"{where}.unit", f"{unit!r} is not one of {', '.join(UNITS)}")
            continue
        out.append(
            {
                "dimension": dim,
                "value": int(number) if number.is_integer() else number,
                "unit": unit,
            }
        )
    return out


def photographs(data: dict, field: str, errors: Errors) -> list[dict]:
    value = data.get(field)
    if value in (None, "", []):
        return []
    if not isinstance(value, list):
        errors.add(field, "must be a list of {url, caption}")
        return []
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not str(item.get("url") or "").strip():
            errors.add(f"{field}[{i}]", "must be an object with a url (and a caption)")
            continue
        out.append({"url": str(item["url"]).strip(), "caption": str(item.get("caption") or "")})
    return out
