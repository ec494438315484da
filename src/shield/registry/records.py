"""A property as plain data (the record), the shape every door reads and writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple

from .models import (
    CulturalProperty,
    ExternalIdentifier,
    JurisdictionClaim,
    Photograph,
    PropertyName,
    ProtectionEvent,
)
from .validation import TEXT_FIELDS


class _Name(NamedTuple):
    text: str
    lang: str
    script: str
    kind: str
    source: str


class _Claim(NamedTuple):
    state_code: str
    role: str
    valid_from: object
    valid_to: object
    basis: str
    source: str


class _Event(NamedTuple):
    level: str
    action: str
    effective_date: object
    basis: str
    note: str
    origin: str


class _Identifier(NamedTuple):
    scheme: str
    state_code: str | None
    value: str
    source: str


class _Photograph(NamedTuple):
    url: str
    caption: str


# What ``to_record`` reads of each kind of child: the model, its columns, and the row type
# that holds them under the names the model gives them.
_CHILDREN = {
    "names": (PropertyName, ("text", "lang", "script", "kind", "source"), _Name),
    "claims": (
        JurisdictionClaim,
        ("state__code", "role", "valid_from", "valid_to", "basis", "source"),
        _Claim,
    ),
    "protection_events": (
        ProtectionEvent,
        ("level", "action", "effective_date", "basis", "note", "origin"),
        _Event,
    ),
    "photographs": (Photograph, ("url", "caption"), _Photograph),
    "identifiers": (
        ExternalIdentifier,
        ("scheme", "state__code", "value", "source"),
        _Identifier,
    ),
}
CHILDREN = tuple(_CHILDREN)
_LISTED = "listed_"  # prefix of the attributes load_children fills


def with_children(qs, chunk: int = 2000) -> Iterator[CulturalProperty]:
    """The records of ``qs``, read as they go, with everything ``to_record`` reads: per chunk
    of records, one query per kind of child, into plain rows. (Django's prefetch made a model
    instance per child and a queryset per record and relation to hold them: most of the time
    a re-import or an export took.)"""
    props = qs.select_related("inventory_state").iterator(chunk_size=chunk)
    while some := list(islice(props, chunk)):
        load_children(some)
        yield from some


def load_children(props: list[CulturalProperty]) -> None:
    """Give each of ``props`` its children, as ``children`` reads them."""
    by_id = {p.pk: p for p in props}
    for relation, (model, columns, row) in _CHILDREN.items():
        found = defaultdict(list)
        for pid, *values in (
            model.objects.filter(property_id__in=list(by_id))
            .values_list("property_id", *columns)
            .iterator(chunk_size=10000)
        ):
            found[pid].append(row(*values))
        for pid, prop in by_id.items():
            prop.__dict__[_LISTED + relation] = found.get(pid, [])


def children(prop: CulturalProperty, relation: str) -> list:
    """``prop``'s children of ``relation`` (one of ``CHILDREN``): as ``load_children`` loaded
    them, else from the database (model instances, which have the same attributes)."""
    listed = prop.__dict__.get(_LISTED + relation)
    return listed if listed is not None else list(getattr(prop, relation).all())


def forget_children(prop: CulturalProperty) -> None:
    """Drop the children ``load_children`` loaded (after they were rewritten)."""
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
        "synthetic": prop.synthetic,
        "measurements": prop.measurements or [],
        "names": [
            {"text": n.text, "lang": n.lang, "script": n.script, "kind": n.kind, "source": n.source}
            for n in children(prop, "names")
        ],
        "claims": [
            {
                "state": c.state_code,
                "role": c.role,
                "valid_from": c.valid_from.isoformat() if c.valid_from else None,
                "valid_to": c.valid_to.isoformat() if c.valid_to else None,
                "basis": c.basis,
                "source": c.source,
            }
            for c in children(prop, "claims")
        ],
        "protection": [
            {
                "level": e.level,
                "action": e.action,
                "effective_date": e.effective_date.isoformat(),
                "basis": e.basis,
                "note": e.note,
            }
            for e in children(prop, "protection_events")
        ],
        "photographs": [
            {"url": p.url, "caption": p.caption} for p in children(prop, "photographs")
        ],
        "identifiers": identifiers_of(prop),
    }


def identifiers_of(prop: CulturalProperty) -> list[dict]:
    """The record's external identifiers as every output writes them (``state``: the issuing
    State of a national inventory's, else "")."""
    return [
        {"scheme": i.scheme, "state": i.state_code or "", "value": i.value, "source": i.source}
        for i in children(prop, "identifiers")
    ]


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
