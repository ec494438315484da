"""Findings of shield.treaty as JSON: result, reasons, citations with their text, parts."""

from __future__ import annotations

from datetime import date
from enum import Enum
from fractions import Fraction
from typing import Any

from shield.treaty import Finding


def plain(value: Any) -> Any:
    if isinstance(value, Finding):
        return finding_dict(value)
    if isinstance(value, (date,)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, dict):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if hasattr(value, "__dataclass_fields__"):
        return {k: plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def finding_dict(f: Finding, lang: str = "en", with_text: bool = True) -> dict:
    return {
        "result": plain(f.result),
        "reason": {"en": f.reason_in("en"), "nb": f.reason_in("nb")},
        "citations": [
            {
                "label": c.label(lang),
                "label_en": c.label("en"),
                "text": c.text(lang) if with_text else None,
            }
            for c in f.citations
        ],
        "parts": [finding_dict(p, lang, with_text=False) for p in f.parts],
    }
