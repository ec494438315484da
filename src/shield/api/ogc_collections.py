"""The collections of the OGC API - Features door (``shield.api.ogc``): the registry, the List
and the condition assessments, each read through the services the other doors use, as the
reader may see them.

Each collection answers a page of features (``page``) and one feature (``one``) for the
parsed query (``Query``). Features are built by the builders of the existing exports: the
registry's by ``registry.transfer`` (as ``/api/export?format=geojson``), the List's by
``listing.public`` (as ``/api/list.geojson``), an assessment's from ``monitoring.present``
(as ``/api/assessments``), so confidential locations are coarsened exactly as there
(``registry.disclosure``), and restricted or deleted records are not there at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef

from shield.geo import BBox
from shield.listing import public
from shield.monitoring import present as monitoring_present
from shield.monitoring.models import Assessment
from shield.registry import aggregates, transfer
from shield.registry.disclosure import bbox_filter, find_visible, location_for, visible_to
from shield.registry.ids import as_uuid
from shield.registry.models import CulturalProperty
from shield.registry.search import Criteria, search


@dataclass(frozen=True)
class Query:
    """A parsed items request: the box, the dates (``start``/``end``, None for an open end;
    ``instant`` where one date was given), the page (``offset``, ``limit``), the language."""

    bbox: BBox | None = None
    start: date | None = None
    end: date | None = None
    instant: bool = False
    has_datetime: bool = False
    offset: int = 0
    limit: int = 10
    lang: str = "en"


@dataclass
class Found:
    """A page of features and how many match (None where counting is not offered)."""

    features: list[dict]
    matched: int | None


class Refusal(ValueError):
    """A query a collection cannot answer: the parameter and why (a 400)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Collection:
    id: str
    title: str
    description: str
    page: Callable[[object, Query], Found]
    one: Callable[[object, str, Query], dict | None]
    extra_params: tuple[str, ...] = ()


# -- the registry ----------------------------------------------------------------------------


def _registry_features(user, props: list[CulturalProperty]) -> list[dict]:
    """The records as the GeoJSON export builds them (same order: by code)."""
    qs = CulturalProperty.objects.filter(pk__in=[p.pk for p in props])
    return [transfer.feature(rec) for rec in transfer.export_records(user, qs)]


def registry_page(user, q: Query) -> Found:
    """The registry in code order, through the search the API's ``/properties`` uses (its
    bbox indexes, its kept counts): the cost follows the page and the box, not the registry."""
    total, props = search(user, Criteria(bbox=q.bbox), q.offset, q.limit)
    return Found(_registry_features(user, list(props)), total)


def registry_one(user, fid: str, q: Query) -> dict | None:
    prop = find_visible(user, fid)
    if prop is None:
        return None
    return _registry_features(user, [prop])[0]


# -- the List --------------------------------------------------------------------------------


def list_date(q: Query) -> date:
    """The day the List is read on: ``datetime`` (or ``on``) as one date, today without one."""
    if not q.has_datetime:
        return date.today()
    if not q.instant or q.start is None:
        raise Refusal(
            "datetime",
            "the List is read on one date (its entries as they stood that day): give one "
            "date, e.g. 2024-05-01, not an interval",
        )
    return q.start


def _list_features(user, q: Query) -> list[dict]:
    on = list_date(q)
    entries = public.entries_on(user, on, q.lang)
    features = public.as_geojson(entries, on)["features"]
    for entry, feature in zip(entries, features, strict=True):
        feature["id"] = entry["code"]
    if q.bbox is None:
        return features
    box = q.bbox
    return [
        f
        for f in features
        if f["geometry"] is not None
        and box.contains(f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0])
    ]


def list_page(user, q: Query) -> Found:
    """The List on a date: its entries are few (each an act of the Committee), read whole
    and kept per version of the registry by ``listing.public``; the box tests the point the
    reader is shown (a confidential one's area), never a hidden one."""
    features = _list_features(user, q)
    return Found(features[q.offset : q.offset + q.limit], len(features))


def list_one(user, fid: str, q: Query) -> dict | None:
    return next((f for f in _list_features(user, q) if f["id"] == fid), None)


# -- condition assessments -------------------------------------------------------------------


def _assessment_feature(user, a: Assessment) -> dict:
    """The assessment as ``/api/assessments`` gives it; where it was made (the field GPS, as
    far as the reader may see it), else the property's location as the reader sees it."""
    props = monitoring_present.assessment(a, user)
    place, source = props.pop("location"), "assessment"
    if place is None:
        place, source = location_for(user, a.property), "property"
    geometry = None
    if place.get("lat") is not None:
        geometry = {"type": "Point", "coordinates": [place["lon"], place["lat"]]}
    props["location_precision"] = place["precision"]
    props["location_source"] = source
    props["location_accuracy_m"] = place.get("accuracy_m")
    return {"type": "Feature", "id": str(a.pk), "geometry": geometry, "properties": props}


def _assessments(user, q: Query):
    """The assessments of property the reader may see (as ``visible_assessments``), asked
    per assessment (an EXISTS on the property's key), not as the set of every visible
    property: at a million records that set took seconds to build for a handful of rows."""
    seen = visible_to(user).filter(pk=OuterRef("property_id"))
    if q.bbox is not None:
        seen = bbox_filter(user, seen, q.bbox)
    qs = Assessment.objects.filter(Exists(seen)).select_related("property")
    if q.start is not None:
        qs = qs.filter(assessed_on__gte=q.start)
    if q.end is not None:
        qs = qs.filter(assessed_on__lte=q.end)
    return qs


def assessments_page(user, q: Query) -> Found:
    """Assessments by date (the index on ``assessed_on``); ``datetime`` selects by the day
    assessed, ``bbox`` by the assessed property's location as the reader sees it."""
    qs = _assessments(user, q)
    matched = aggregates.count(qs)
    page = qs.order_by("assessed_on", "created_at", "id")[q.offset : q.offset + q.limit]
    return Found([_assessment_feature(user, a) for a in page], matched)


def assessments_one(user, fid: str, q: Query) -> dict | None:
    key = as_uuid(fid)
    found = _assessments(user, Query()).filter(pk=key).first() if key else None
    return _assessment_feature(user, found) if found else None


COLLECTIONS: dict[str, Collection] = {
    c.id: c
    for c in (
        Collection(
            "registry",
            "The registry of cultural property",
            "Every property the reader may see, in code order. Confidential locations are "
            "shown as their ~10 km area's centre to those not allowed the point. `datetime` is "
            "accepted and does not select: a record carries no time of its own.",
            registry_page,
            registry_one,
        ),
        Collection(
            "list",
            "The International List of Cultural Property under Enhanced Protection",
            "The List as it stood on a date: `datetime` (one date) or `on`, today by default.",
            list_page,
            list_one,
            extra_params=("on",),
        ),
        Collection(
            "assessments",
            "Condition assessments",
            "Assessments of the property the reader may see; `datetime` selects by the day "
            "assessed (a date or an interval), `bbox` by the property's location as shown.",
            assessments_page,
            assessments_one,
        ),
    )
}
