"""Checking input for monitoring records: every error names its field; nothing is half-written."""

from __future__ import annotations

from datetime import date
from typing import Any

from shield.registry.validation import FieldError, RecordInvalid

from . import vocab


class Errors(list):
    def add(self, field: str, message: str) -> None:
        self.append(FieldError(field, message))

    def raise_if_any(self) -> None:
        if self:
            raise RecordInvalid(list(self))


def text(
    data: dict, field: str, errors: Errors, required: bool = False, max_length: int = 300
) -> str:
    value = data.get(field)
    value = "" if value is None else str(value).strip()
    if required and not value:
        errors.add(field, "is required")
    if len(value) > max_length:
        errors.add(field, f"is longer than {max_length} characters")
    return value


def flag(data: dict, field: str, errors: Errors) -> bool:
    """A yes/no field: true or false (JSON), or "true"/"false"/"1"/"0"/"" from a form."""
    value = data.get(field)
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "1", "yes", "on"}:
        return True
    if text in {"false", "0", "no", "off"}:
        return False
    errors.add(field, "must be true or false")
    return False


def iso_date(data: dict, field: str, errors: Errors, required: bool = False) -> date | None:
    value = data.get(field)
    if value in (None, ""):
        if required:
            errors.add(field, "is required (an ISO date, YYYY-MM-DD)")
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        errors.add(field, f"{value!r} is not an ISO date (YYYY-MM-DD)")
        return None


def choice(
    data: dict,
    field: str,
    vocabulary,
    errors: Errors,
    default: str | None = None,
    required: bool = True,
) -> str:
    value = data.get(field)
    if value in (None, ""):
        if default is not None:
            return default
        if required:
            errors.add(field, f"is required (one of {', '.join(vocab.codes(vocabulary))})")
        return ""
    value = str(value).strip()
    if value not in vocab.codes(vocabulary):
        errors.add(field, f"{value!r} is not one of {', '.join(vocab.codes(vocabulary))}")
    return value


def items(data: dict, field: str, errors: Errors) -> list[dict]:
    value = data.get(field) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        errors.add(field, "must be a list of objects")
        return []
    return value


def disturbances(data: dict, errors: Errors) -> list[dict]:
    out = []
    for i, d in enumerate(items(data, "disturbances", errors)):
        sub = Errors()
        row = {
            "category": choice(d, "category", vocab.DISTURBANCE_CATEGORIES, sub),
            "cause": choice(d, "cause", vocab.DISTURBANCE_CAUSES, sub, default="unknown"),
            "certainty": choice(d, "certainty", vocab.CERTAINTIES, sub),
            "occurred": choice(d, "occurred", vocab.OCCURRENCE, sub, required=False),
        }
        for key in ("from", "to"):
            when = iso_date(d, key, sub)
            if when:
                row[key] = when.isoformat()
        errors.extend(FieldError(f"disturbances[{i}].{e.field}", e.message) for e in sub)
        out.append(row)
    return out


def threats(data: dict, errors: Errors) -> list[dict]:
    out = []
    for i, t in enumerate(items(data, "threats", errors)):
        sub = Errors()
        out.append(
            {
                "category": choice(t, "category", vocab.DISTURBANCE_CATEGORIES, sub),
                "probability": choice(t, "probability", vocab.THREAT_PROBABILITIES, sub),
            }
        )
        errors.extend(FieldError(f"threats[{i}].{e.field}", e.message) for e in sub)
    return out


def sources(data: dict, errors: Errors) -> list[dict]:
    out = []
    for i, s in enumerate(items(data, "sources", errors)):
        sub = Errors()
        row: dict[str, Any] = {
            "title": text(s, "title", sub, required=True, max_length=500),
            "url": text(s, "url", sub, max_length=1000),
            "independent": bool(s.get("independent", False)),
        }
        when = iso_date(s, "date", sub)
        if when:
            row["date"] = when.isoformat()
        errors.extend(FieldError(f"sources[{i}].{e.field}", e.message) for e in sub)
        out.append(row)
    return out
