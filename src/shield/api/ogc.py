"""OGC API - Features, Part 1: Core, at ``/ogc/``: the registry, the List and the condition
assessments as live layers for GIS clients (QGIS, GDAL's OAPIF driver).

A thin implementation over the services every other door uses (``ogc_collections``): plain
Django views, read-only, answering JSON (the landing page, the conformance declaration, the
collections, the API definition) and GeoJSON (``application/geo+json``: items and features).
HTML, an optional requirement class of Core, is not offered; ``f=json`` (``f=geojson`` for
items) is. The reader is whoever the session or the API token (``Authorization: Bearer``)
says, as everywhere else: anonymous readers see public records, confidential points as their
area; restricted and deleted records are not there.

Items take ``bbox`` (west,south,east,north in CRS84), ``datetime`` (RFC 3339 date or
date-time, or an interval ``start/end`` with ``..`` for an open end), ``limit``
(``DEFAULT_LIMIT`` by default; above ``MAX_LIMIT`` it is lowered to it, as Core allows) and
``offset`` (at most ``MAX_OFFSET``: past it, narrow the request with a box). A bad value, or a
parameter the API does not define, is a 400 with the house error body
``{error, errors: [{field, message}]}``; an unknown collection or feature a 404.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import urlencode

from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from shield.core.errors import error_body
from shield.core.language import reader_lang
from shield.geo import BadBBox, parse_bbox

from .ogc_collections import COLLECTIONS, Collection, Query, Refusal

app_name = "ogc"

DEFAULT_LIMIT = 10
MAX_LIMIT = 1000
MAX_OFFSET = 100_000
GEOJSON = "application/geo+json"
JSON = "application/json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
ITEM_PARAMS = ("f", "bbox", "datetime", "limit", "offset")


class BadRequest(Exception):
    def __init__(self, errors: list[dict]):
        super().__init__("the request is not valid")
        self.errors = errors


def _answer(data: dict, content_type: str = JSON, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, status=status, content_type=content_type, json_dumps_params={"ensure_ascii": False}
    )


def _bad(errors: list[dict]) -> JsonResponse:
    return _answer(error_body("the request is not valid", errors), status=400)


def _missing(message: str) -> JsonResponse:
    return _answer(error_body(message), status=404)


def _url(request, name: str, *args: str, **query) -> str:
    where = request.build_absolute_uri(reverse(f"ogc:{name}", args=args))
    given = {k: v for k, v in query.items() if v is not None and v != ""}
    return where + ("?" + urlencode(given) if given else "")


def _link(href: str, rel: str, type_: str = JSON, title: str = "") -> dict:
    out = {"href": href, "rel": rel, "type": type_}
    if title:
        out["title"] = title
    return out


def _only(request, allowed: tuple[str, ...], formats: tuple[str, ...] = ("json",)) -> None:
    """400 for a parameter the API does not define (Core, /req/core/query-param-unknown) or
    a format it does not offer."""
    errors = [
        {"field": name, "message": f"is not a parameter here (it takes {', '.join(allowed)})"}
        for name in request.GET
        if name not in allowed
    ]
    f = request.GET.get("f")
    if f is not None and f not in formats:
        errors.append(
            {"field": "f", "message": f"must be one of {', '.join(formats)} (HTML is not offered)"}
        )
    if errors:
        raise BadRequest(errors)


def _door(view):
    """A GET (or HEAD) view whose refusals are 400s with the house error body."""

    @require_safe
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return _bad(exc.errors)
        except Refusal as exc:
            return _bad([{"field": exc.field, "message": str(exc)}])

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# -- parsing ----------------------------------------------------------------------------------


def _day(text: str) -> date:
    """An RFC 3339 date or date-time, as the day it falls on (in UTC where it has a zone)."""
    text = text.strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date()


def _dates(text: str) -> tuple[date | None, date | None, bool]:
    """``datetime``: one instant, or ``start/end`` with ``..`` (or nothing) for an open end."""
    try:
        if "/" not in text:
            day = _day(text)
            return day, day, True
        first, _, last = text.partition("/")
        start = None if first.strip() in ("", "..") else _day(first)
        end = None if last.strip() in ("", "..") else _day(last)
    except ValueError:
        raise Refusal(
            "datetime",
            "must be an RFC 3339 date or date-time (2024-05-01, 2024-05-01T12:00:00Z) or an "
            "interval of them (2024-01-01/2024-12-31, ../2024-12-31, 2024-01-01/..)",
        ) from None
    if start is not None and end is not None and start > end:
        raise Refusal("datetime", "the interval's start is after its end")
    return start, end, False


def _whole(request, name: str, default: int, low: int) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if value < low:
        raise Refusal(name, f"must be a whole number, at least {low}")
    return value


def _query(request, collection: Collection, one: bool = False) -> Query:
    """The parameters of an items request (of a feature's: ``f``, ``datetime`` and the
    collection's own)."""
    allowed = ("f", "datetime") if one else ITEM_PARAMS
    _only(request, allowed + collection.extra_params, formats=("json", "geojson"))
    bbox = None
    if request.GET.get("bbox"):
        parts = request.GET["bbox"].split(",")
        text = ",".join(parts[i] for i in (0, 1, 3, 4)) if len(parts) == 6 else request.GET["bbox"]
        try:
            bbox = parse_bbox(text)
        except BadBBox as exc:
            raise Refusal("bbox", str(exc)) from None
    when = request.GET.get("datetime") or request.GET.get("on")
    start, end, instant = _dates(when) if when else (None, None, False)
    offset = _whole(request, "offset", 0, 0)
    if offset > MAX_OFFSET:
        raise Refusal("offset", f"must be at most {MAX_OFFSET}: narrow the request with bbox")
    limit = min(_whole(request, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT)
    return Query(bbox, start, end, instant, bool(when), offset, limit, reader_lang())


# -- the resources ----------------------------------------------------------------------------


@_door
def landing(request):
    """The landing page: what this is and where its parts are."""
    _only(request, ("f",))
    return _answer(
        {
            "title": "Heritage Shield",
            "description": "The registry of cultural property, the International List of "
            "Cultural Property under Enhanced Protection and condition assessments, as OGC "
            "API - Features (Part 1: Core).",
            "links": [
                _link(_url(request, "landing"), "self", title="This document"),
                _link(_url(request, "api"), "service-desc", OPENAPI, "The API definition"),
                _link(_url(request, "conformance"), "conformance", title="Conformance classes"),
                _link(
                    _url(request, "conformance"),
                    "http://www.opengis.net/def/rel/ogc/1.0/conformance",
                    title="Conformance classes",
                ),
                _link(_url(request, "collections"), "data", title="The collections"),
                _link(
                    _url(request, "collections"),
                    "http://www.opengis.net/def/rel/ogc/1.0/data",
                    title="The collections",
                ),
            ],
        }
    )


@_door
def conformance(request):
    """The conformance classes this API implements."""
    _only(request, ("f",))
    return _answer({"conformsTo": CONFORMANCE})


def _collection(request, c: Collection) -> dict:
    return {
        "id": c.id,
        "title": c.title,
        "description": c.description,
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [[-180.0, -90.0, 180.0, 90.0]], "crs": CRS84}},
        "links": [
            _link(_url(request, "collection", c.id), "self", title=c.title),
            _link(_url(request, "items", c.id), "items", GEOJSON, f"{c.title}: the features"),
        ],
    }


@_door
def collections(request):
    """The collections: the registry, the List and the assessments."""
    _only(request, ("f",))
    return _answer(
        {
            "links": [_link(_url(request, "collections"), "self")],
            "collections": [_collection(request, c) for c in COLLECTIONS.values()],
        }
    )


@_door
def collection(request, cid: str):
    _only(request, ("f",))
    c = COLLECTIONS.get(cid)
    if c is None:
        return _missing(f"no collection {cid!r} (there are {', '.join(COLLECTIONS)})")
    return _answer(_collection(request, c))


@_door
def items(request, cid: str):
    """A page of a collection's features, with links to the pages before and after."""
    c = COLLECTIONS.get(cid)
    if c is None:
        return _missing(f"no collection {cid!r} (there are {', '.join(COLLECTIONS)})")
    q = _query(request, c)
    found = c.page(request.user, q)
    kept = {k: v for k, v in request.GET.items() if k != "offset"}
    kept["limit"] = str(q.limit)
    links = [
        _link(_url(request, "items", cid, **kept, offset=q.offset or None), "self", GEOJSON),
        _link(_url(request, "collection", cid), "collection", JSON, c.title),
    ]
    after = q.offset + len(found.features)
    more = found.matched > after if found.matched is not None else len(found.features) == q.limit
    if more and after <= MAX_OFFSET:
        links.append(_link(_url(request, "items", cid, **kept, offset=after), "next", GEOJSON))
    if q.offset > 0:
        before = max(q.offset - q.limit, 0)
        links.append(
            _link(_url(request, "items", cid, **kept, offset=before or None), "prev", GEOJSON)
        )
    body = {
        "type": "FeatureCollection",
        "timeStamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        **({"numberMatched": found.matched} if found.matched is not None else {}),
        "numberReturned": len(found.features),
        "features": found.features,
        "links": links,
    }
    return _answer(body, GEOJSON)


@_door
def feature(request, cid: str, fid: str):
    """One feature of a collection, by its id (a property's code or id; an assessment's id)."""
    c = COLLECTIONS.get(cid)
    if c is None:
        return _missing(f"no collection {cid!r} (there are {', '.join(COLLECTIONS)})")
    q = _query(request, c, one=True)
    found = c.one(request.user, fid, q)
    if found is None:
        return _missing(f"no feature {fid!r} in {cid!r}")
    found["links"] = [
        _link(_url(request, "feature", cid, fid), "self", GEOJSON),
        _link(_url(request, "collection", cid), "collection", JSON, c.title),
    ]
    return _answer(found, GEOJSON)


@_door
def definition(request):
    """The API definition, OpenAPI 3.0 (the oas30 conformance class)."""
    _only(request, ("f",))
    from .ogc_openapi import document

    return _answer(
        document(request.build_absolute_uri(reverse("ogc:landing")), list(COLLECTIONS)),
        OPENAPI,
    )


urlpatterns = [
    path("", landing, name="landing"),
    path("api", definition, name="api"),
    path("conformance", conformance, name="conformance"),
    path("collections", collections, name="collections"),
    path("collections/<str:cid>", collection, name="collection"),
    path("collections/<str:cid>/items", items, name="items"),
    path("collections/<str:cid>/items/<str:fid>", feature, name="feature"),
]
