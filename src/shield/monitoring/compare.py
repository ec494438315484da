"""Comparing two condition assessments of one property: what changed between them."""

from __future__ import annotations

from . import vocab
from .models import Assessment

FIELDS = (
    "assessed_on",
    "method",
    "image_date",
    "image_provider",
    "condition",
    "damage_extent",
    "priority",
    "assessor",
)


def _disturbance_keys(a: Assessment) -> dict[tuple[str, str], str]:
    return {
        (d.get("category", ""), d.get("cause", "")): d.get("certainty", "") for d in a.disturbances
    }


def trend(before: str, after: str) -> str:
    """'worse', 'better', 'same' or 'unknown' (an unknown condition compares with nothing)."""
    if before not in vocab.CONDITION_RANK or after not in vocab.CONDITION_RANK:
        return "unknown"
    diff = vocab.CONDITION_RANK[after] - vocab.CONDITION_RANK[before]
    return "worse" if diff > 0 else "better" if diff < 0 else "same"


def compare(first: Assessment, second: Assessment) -> dict:
    if first.property_id != second.property_id:
        raise ValueError("assessments of different properties cannot be compared")
    a, b = sorted((first, second), key=lambda x: (x.assessed_on, x.created_at))
    fields = []
    for name in FIELDS:
        va, vb = getattr(a, name), getattr(b, name)
        fields.append(
            {
                "field": name,
                "before": va.isoformat() if hasattr(va, "isoformat") else va,
                "after": vb.isoformat() if hasattr(vb, "isoformat") else vb,
                "changed": va != vb,
            }
        )
    da, db = _disturbance_keys(a), _disturbance_keys(b)
    return {
        "before": str(a.pk),
        "after": str(b.pk),
        "days": (b.assessed_on - a.assessed_on).days,
        "trend": trend(a.condition, b.condition),
        "fields": fields,
        "disturbances_added": [
            {"category": c, "cause": k, "certainty": db[(c, k)]} for c, k in db if (c, k) not in da
        ],
        "disturbances_gone": [
            {"category": c, "cause": k, "certainty": da[(c, k)]} for c, k in da if (c, k) not in db
        ],
    }
