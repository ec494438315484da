"""A property as plain data (the record), the shape every door reads and writes."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import CulturalProperty, JurisdictionClaim
from .validation import TEXT_FIELDS

CHILDREN = ("names", "claims", "protection_events", "photographs")  # what to_record reads
_LISTED = "listed_"  # prefix of the attributes with_children fills


def with_children(qs):
    """``qs`` with everything ``to_record`` reads loaded for the whole set: one query per kind
    of child, each record's children in a plain list. (Django's usual prefetch builds a
    queryset per record and relation to hold them: four-fifths of the time a re-import of
    20,000 records took.)"""
    lists = [Prefetch(relation, to_attr=_LISTED + relation) for relation in CHILDREN if relation != "claims"]
    claims = Prefetch("claims", queryset=JurisdictionClaim.objects.select_related("state"), to_attr=_LISTED + "claims")
    return qs.select_related("inventory_state").prefetch_related(*lists, claims)


def children(prop: CulturalProperty, relation: str) -> list:
    """``prop``'s children of ``relation`` (one of ``CHILDREN``): as ``with_children`` loaded
    them, else from the database."""
    listed = prop.__dict__.get(_LISTED + relation)
    return listed if listed is not None else list(getattr(prop, relation).all())


def forget_children(prop: CulturalProperty) -> None:
    """Drop the children ``with_children`` loaded (after they were rewritten)."""
    for relation in CHILDREN:
        prop.__dict__.pop(_LISTED + relation, None)


def to_record(prop: CulturalProperty) -> dict:
    """The full record, exact location included: callers decide who may see it."""
    return {
        "id": str(prop.id),
        "code": prop.code,
        "external_id": prop.external_id,
        "category": prop.category,
        "state": prop.inventory_state.code,
        **{field: getattr(prop, field) for field in TEXT_FIELDS},
        "lat": prop.lat,
        "lon": prop.lon,
        "boundary": prop.boundary,
        "location_certainty": prop.location_certainty,
        "confidentiality": prop.confidentiality,
        "measurements": prop.measurements or [],
        "names": [
            {"text": n.text, "lang": n.lang, "script": n.script, "kind": n.kind, "source": n.source}
            for n in children(prop, "names")
        ],
        "claims": [
            {"state": c.state.code, "role": c.role,
             "valid_from": c.valid_from.isoformat() if c.valid_from else None,
             "valid_to": c.valid_to.isoformat() if c.valid_to else None,
             "basis": c.basis, "source": c.source}
            for c in children(prop, "claims")
        ],
        "protection": [
            {"level": e.level, "action": e.action, "effective_date": e.effective_date.isoformat(),
             "basis": e.basis, "note": e.note}
            for e in children(prop, "protection_events")
        ],
        "photographs": [{"url": p.url, "caption": p.caption} for p in children(prop, "photographs")],
    }


def comparable(record: dict) -> dict:
    """A record without ids, dates as strings, lists in a canonical order: for diffs.

    Claims and protection events are compared as sets in a fixed order, so the order in
    which a database returns rows with equal dates (NULLs first or last) changes nothing.
    """
    out = {}
    for key, value in record.items():
        if key in {"id", "code"}:
            continue
        out[key] = _plain(value)
    for key in ("claims", "protection"):
        if isinstance(out.get(key), list):
            out[key] = sorted(out[key], key=_order_key)
    return out


def _order_key(item: dict) -> tuple:
    return tuple("" if v is None else str(v) for _k, v in sorted(item.items()))


def _plain(value):
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
