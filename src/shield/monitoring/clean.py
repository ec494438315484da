"""Checking input for monitoring records: every error names its field; nothing is half-written."""

from __future__ import annotations

from datetime import date
from typing import Any

from shield.core.clean import Errors, choice, flag, items, text
from shield.core.clean import iso_date as _iso_date

from . import vocab

# The checks every app's records share (shield.core.clean); this module adds monitoring's own.
__all__ = ["Errors", "choice", "flag", "items", "text", "iso_date"]


def iso_date(data: dict, field: str, errors: Errors, required: bool = False) -> date | None:
    """An ISO date; a survey's timestamp gives its date (``2021-01-12T10:00``)."""
    return _iso_date(data, field, errors, required=required, with_time=True)


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
        errors.nest(f"disturbances[{i}]", sub)
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
        errors.nest(f"threats[{i}]", sub)
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
        errors.nest(f"sources[{i}]", sub)
        out.append(row)
    return out
