"""The registry's endpoints: search, read, create, update, soft delete, history, import, export."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal, get_args

from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.files import UploadedFile
from pydantic import ConfigDict

from shield.core.language import reader_lang
from shield.core.schemas import READ, READ_ONE, WRITE, Body, Bool, IsoDate, media
from shield.geo import BadBBox, parse_bbox
from shield.jobs import work as jobs
from shield.jobs.api import started
from shield.jobs.schemas import JobStarted
from shield.linkedart import records as linkedart
from shield.linkedart.lines import linked_art_lines
from shield.parties.models import State
from shield.registry import bigimport, present, services, transfer
from shield.registry.disclosure import find_visible, visible_to
from shield.registry.history import trail as history_of
from shield.registry.identifiers import SCHEMES
from shield.registry.identifiers import parse_filter as identifier_filter
from shield.registry.maplayer import count_visible, map_layer
from shield.registry.models import CulturalProperty
from shield.registry.schemas import (
    HistoryEntryOut,
    MapLayerOut,
    PropertyOut,
    PropertySummaryOut,
    ProtectionOnOut,
)
from shield.registry.search import (
    MAX_PAGE,
    MAX_PAGE_SIZE,
    Criteria,
    page_problem,
    page_size_problem,
    search,
    search_kept,
)
from shield.registry.vocab import CATEGORY_CODES

from . import error_body
from .auth import WRITE_AUTH

router = Router(tags=["registry"])

Category = Literal[tuple(CATEGORY_CODES)]  # type: ignore[valid-type]
Level = Literal["general", "special", "enhanced", "provisional_enhanced"]
Lang = Literal["en", "nb"]
IdentifierScheme = Literal[SCHEMES]  # type: ignore[valid-type]


class Written(Schema):
    """A body of a registry write: a field it does not take is refused by name with the
    registry's own message (``refuse_unknown_fields``: read-only fields say why), so the
    contract says ``additionalProperties: false`` while validation leaves that to it."""

    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})


class NameIn(Written):
    text: str
    lang: str
    script: str = ""
    kind: Literal["official", "local", "historical", "variant"] = "official"
    source: str = ""


class ClaimIn(Written):
    state: str
    role: Literal["control", "claimant"]
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    basis: str = ""
    source: str = ""


class ProtectionIn(Written):
    level: Level
    action: Literal[
        "granted", "suspended", "restored", "cancelled", "lost_military_use", "regained"
    ]
    effective_date: IsoDate
    basis: str
    note: str = ""


class MeasurementIn(Written):
    dimension: str
    value: float
    unit: str


class PhotoIn(Written):
    url: str
    caption: str = ""


class IdentifierIn(Written):
    """An external identifier, checked by its scheme (``registry.identifiers``)."""

    scheme: IdentifierScheme  # type: ignore[valid-type]
    value: str = Field(
        description="whc: '1234' or '208bis'; wikidata: 'Q42'; national: the State's own "
        "number; interpol: the database's reference"
    )
    state: str = Field("", description="national only: the issuing State (ISO 3166-1 alpha-3)")
    source: str = ""


class PropertyIn(Written):
    category: Category  # type: ignore[valid-type]
    state: str
    names: list[NameIn]
    external_id: str | None = None
    description: str = ""
    significance: str = ""
    lat: float | None = None
    lon: float | None = None
    boundary: dict[str, Any] | None = None
    location_certainty: Literal["exact", "approximate", "general", "unknown"] = "exact"
    confidentiality: Literal["public", "location", "restricted"] = "public"
    synthetic: Bool = Field(
        False, description="true for invented (demo) data, never a real property"
    )
    claims: list[ClaimIn] = []
    protection: list[ProtectionIn] = []
    object_type: str = ""
    materials_techniques: str = ""
    measurements: list[MeasurementIn] = []
    inscriptions_markings: str = ""
    distinguishing_features: str = ""
    title: str = ""
    subject: str = ""
    date_period: str = ""
    maker: str = ""
    inventory_number: str = ""
    custodian: str = ""
    current_place: str = ""
    photographs: list[PhotoIn] = []
    identifiers: list[IdentifierIn] = []


class PropertyPatch(Written):
    category: Category | None = None  # type: ignore[valid-type]
    names: list[NameIn] | None = None
    external_id: str | None = None
    description: str | None = None
    significance: str | None = None
    lat: float | None = None
    lon: float | None = None
    boundary: dict[str, Any] | None = None
    location_certainty: Literal["exact", "approximate", "general", "unknown"] | None = None
    confidentiality: Literal["public", "location", "restricted"] | None = None
    synthetic: Bool | None = None
    claims: list[ClaimIn] | None = None
    protection: list[ProtectionIn] | None = None
    object_type: str | None = None
    materials_techniques: str | None = None
    measurements: list[MeasurementIn] | None = None
    inscriptions_markings: str | None = None
    distinguishing_features: str | None = None
    title: str | None = None
    subject: str | None = None
    date_period: str | None = None
    maker: str | None = None
    inventory_number: str | None = None
    custodian: str | None = None
    current_place: str | None = None
    photographs: list[PhotoIn] | None = None
    identifiers: list[IdentifierIn] | None = None


BBOX = r"^\s*(-?[0-9.]+\s*,\s*-?[0-9.]+\s*,\s*-?[0-9.]+\s*,\s*-?[0-9.]+\s*)?$"
BBOX_HELP = (
    "west,south,east,north in degrees (south below north, within ±90 and ±180); empty: no box"
)


class SearchParams(Schema):
    q: str = ""
    category: Category | None = None  # type: ignore[valid-type]
    state: str | None = Field(None, description="the inventory's State, by code")
    level: Level | None = None
    on: IsoDate | None = None
    bbox: str | None = Field(None, description=BBOX_HELP, json_schema_extra={"pattern": BBOX})
    identifier: str | None = Field(
        None,
        description="an exact external identifier, scheme:value (whc:848, wikidata:Q42, "
        "interpol:2019/1234; a national one national:STATE:value)",
        max_length=200,
    )
    # Bounds checked by the view, with its own messages; declared here for the contract.
    page: int = Field(1, json_schema_extra={"minimum": 1, "maximum": MAX_PAGE})
    page_size: int = Field(20, json_schema_extra={"minimum": 1, "maximum": MAX_PAGE_SIZE})
    lang: Lang = "en"


class DeleteIn(Body):
    reason: str = ""


class PropertyPage(Schema):
    count: int
    count_is_lower_bound: Bool = Field(
        description="true when the count stopped early (a very broad search)"
    )
    page: int
    page_size: int
    results: list[PropertySummaryOut]


class ProtectionEventIn(Body):
    """One event of special or enhanced protection, recorded from a source (a register entry,
    a published decision); the Committee's own decisions record theirs."""

    level: Literal["special", "enhanced", "provisional_enhanced"]
    action: Literal["granted", "suspended", "restored", "cancelled"]
    effective_date: IsoDate = Field(description="the day it took effect; not after today")
    basis: str = Field(description="the article, decision or register entry it rests on")
    note: str = ""


class DeletedOut(Schema):
    deleted: str = Field(description="the code of the property deleted")


class StateOut(Schema):
    code: str
    name: str


class SuggestionOut(Schema):
    code: str
    name: str
    category: Category  # type: ignore[valid-type]


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int
    dry_run: bool
    audit_entry: int | None = Field(
        None, description="the seq of the import's audit entry; null when nothing was written"
    )


READ_ONLY = {
    "state": "is read-only: a record stays in its State's inventory. To move it, create it "
    "anew in the other State's inventory (POST /api/properties) and delete this one; "
    "control and claims by other States go in claims",
    **{
        f: "is read-only: the registry sets it"
        for f in ("id", "code", "created_at", "updated_at", "deleted", "location_precision")
    },
}


def _model_in(annotation) -> type[Schema] | None:
    """The schema that ``annotation`` holds (itself, in a list, or optional), if any."""
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        return annotation
    for arg in get_args(annotation):
        inner = _model_in(arg)
        if inner is not None:
            return inner
    return None


def unknown_fields(data: Any, schema: type[Schema], path: tuple = ()) -> list[dict]:
    """Validation errors for each key of ``data`` that ``schema`` (or a schema inside it)
    does not take, or that the registry alone sets."""
    if not isinstance(data, dict):
        return []
    out = []
    for key, value in data.items():
        loc = (*path, str(key))
        field = schema.model_fields.get(key)
        if field is None:
            message = None if path else READ_ONLY.get(key)
            out.append(
                {"loc": ("body", *loc), "msg": message or "is not a field that can be written here"}
            )
            continue
        inner = _model_in(field.annotation)
        if inner is not None and isinstance(value, list):
            for i, item in enumerate(value):
                out += unknown_fields(item, inner, (*loc, i))
        elif inner is not None:
            out += unknown_fields(value, inner, loc)
    return out


def refuse_unknown_fields(request, schema: type[Schema]) -> None:
    """A write naming a field the schema does not take is refused (422), by name."""
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        return  # the schema's own validation has answered already
    errors = unknown_fields(data, schema)
    if errors:
        raise ValidationError(errors)


def _lang(request, given: str | None = None) -> str:
    return reader_lang(given)


def get_visible(request, ref: str) -> CulturalProperty:
    prop = find_visible(request.user, ref, include_deleted=True)
    if prop is None:
        raise Http404(f"no property {ref!r}")
    return prop


@router.get("/properties", response={200: PropertyPage, **READ}, summary="Search the registry")
def list_properties(request, params: Query[SearchParams]):
    bad = [
        {"loc": ("query", name), "msg": message}
        for name, message in (
            ("page", page_problem(params.page)),
            ("page_size", page_size_problem(params.page_size)),
        )
        if message
    ]
    if bad:
        raise ValidationError(bad)
    try:
        bbox = parse_bbox(params.bbox) if params.bbox else None
    except BadBBox as exc:
        raise HttpError(422, f"bbox: {exc}") from None
    keys = None
    if params.identifier:
        keys, problem = identifier_filter(params.identifier)
        if problem:
            raise ValidationError([{"loc": ("query", "identifier"), "msg": problem}])
    criteria = Criteria(
        params.q.strip(), params.category, params.state, params.level, params.on, bbox, keys
    )
    found = search_kept(
        request.user, criteria, (params.page - 1) * params.page_size, params.page_size
    )
    total, page = found
    lang = _lang(request, params.lang)
    return {
        "count": total,
        "count_is_lower_bound": found.more,
        "page": params.page,
        "page_size": params.page_size,
        "results": [present.summary(p, request.user, lang, params.on) for p in page],
    }


@router.get(
    "/properties/{ref}",
    response={200: PropertyOut, **READ_ONE},
    summary="Read one property (by code or UUID)",
)
def read_property(request, ref: str, on: IsoDate | None = None, lang: Lang | None = None):
    prop = get_visible(request, ref)
    out = present.detail(prop, request.user, _lang(request, lang), on)
    out["iiif_manifest"] = request.build_absolute_uri(
        reverse("iiif:property-manifest", args=[prop.code])
    )
    if on:
        out["protection_on"] = present.protection_on(prop, on, _lang(request, lang))
    return out


@router.get(
    "/properties/{ref}/linked-art",
    response=READ_ONE,
    openapi_extra=media(
        "application/ld+json",
        "the record as Linked Art JSON-LD (CIDOC CRM), its shape Linked Art's",
    ),
    summary="One property as Linked Art (JSON-LD)",
    description="The same document as `GET /property/{ref}/` with `Accept: application/ld+json`. "
    "A confidential location is the centre of its ~10 km area, as in every output.",
)
def read_linked_art(request, ref: str):
    prop = find_visible(request.user, ref)
    if prop is None:
        raise Http404(f"no property {ref!r}")
    return JsonResponse(
        linkedart.record_for(request.user, prop, request.build_absolute_uri("/")),
        content_type=linkedart.PROFILE,
        json_dumps_params={"ensure_ascii": False},
    )


@router.get(
    "/properties/{ref}/protection",
    response={200: ProtectionOnOut, **READ_ONE},
    summary="What protection did it have on a date?",
)
def protection(request, ref: str, on: IsoDate | None = None, lang: Lang | None = None):
    """General protection (by the law, with the States it binds that day), special and enhanced
    protection from the history, the Protocol's rule where both apply; reasons in the reader's
    language."""
    prop = get_visible(request, ref)
    return present.protection_on(prop, on or date.today(), _lang(request, lang))


@router.get(
    "/properties/{ref}/history",
    response={200: list[HistoryEntryOut], **READ_ONE},
    summary="The audit trail of a property",
)
def history(request, ref: str):
    """The import that created it, if one did, then every change to it, in log order."""
    return history_of(request.user, get_visible(request, ref))


@router.post(
    "/properties", auth=WRITE_AUTH, response={201: PropertyOut, **WRITE}, summary="Add a property"
)
def create(request, payload: PropertyIn):
    refuse_unknown_fields(request, PropertyIn)
    prop = services.create_property(request.user, payload.dict())
    return Status(201, present.detail(prop, request.user, _lang(request)))


@router.patch(
    "/properties/{ref}",
    auth=WRITE_AUTH,
    response={200: PropertyOut, **WRITE},
    summary="Change some fields of a property",
)
def update(request, ref: str, payload: PropertyPatch):
    refuse_unknown_fields(request, PropertyPatch)
    prop = get_visible(request, ref)
    changes = payload.dict(exclude_unset=True)
    prop = services.update_property(request.user, prop, changes)
    return present.detail(prop, request.user, _lang(request))


@router.delete(
    "/properties/{ref}",
    auth=WRITE_AUTH,
    response={200: DeletedOut, **WRITE},
    summary="Soft-delete a property (history is kept)",
)
def delete(request, ref: str, payload: DeleteIn | None = None):
    prop = get_visible(request, ref)
    services.delete_property(request.user, prop, payload.reason if payload else "")
    return {"deleted": prop.code}


@router.post(
    "/properties/{ref}/restore",
    auth=WRITE_AUTH,
    response={200: PropertyOut, **WRITE},
    summary="Restore a deleted property (the Secretariat, who still sees it)",
)
def restore(request, ref: str):
    prop = get_visible(request, ref)
    prop = services.restore_property(request.user, prop)
    return present.detail(prop, request.user, _lang(request))


@router.post(
    "/properties/{ref}/protection",
    auth=WRITE_AUTH,
    response={201: PropertyOut, **WRITE},
    summary="Record one event of special or enhanced protection from a source; a step the "
    "treaty does not allow is refused with its provisions",
)
def record_protection(request, ref: str, payload: ProtectionEventIn):
    prop = get_visible(request, ref)
    if prop.deleted_at is not None:
        raise Http404(f"no property {ref!r}")
    services.add_protection_event(
        request.user,
        prop,
        payload.level,
        payload.action,
        payload.effective_date,
        payload.basis,
        payload.note,
        origin="record",
    )
    return Status(201, present.detail(prop, request.user, _lang(request)))


@router.get(
    "/states", response={200: list[StateOut], **READ}, summary="States known to the registry"
)
def states(request):
    return [{"code": s.code, "name": s.name_in(_lang(request))} for s in State.objects.all()]


class MapParams(Schema):
    bbox: str | None = Field(
        None,
        description=f"only what lies in it: {BBOX_HELP}",
        json_schema_extra={"pattern": BBOX},
    )
    zoom: int = Field(
        2,
        ge=0,
        le=18,
        description="the map's zoom level: sets the cluster grid when many records are in view",
    )
    lang: Lang | None = Field(None, description="the language of names (default: the request's)")


@router.get(
    "/map",
    response={200: MapLayerOut, **READ},
    summary="GeoJSON for the map: points, or clusters with counts where many are in view "
    "(confidential locations as their ~10 km area)",
)
def map_points(request, params: Query[MapParams]):
    try:
        bbox = parse_bbox(params.bbox) if params.bbox else None
    except BadBBox as exc:
        raise HttpError(422, f"bbox: {exc}") from None
    return map_layer(
        request.user, visible_to(request.user), _lang(request, params.lang), bbox, params.zoom
    )


@router.get(
    "/export",
    response={200: None, 202: JobStarted, 400: dict, 422: dict},
    summary="Export the visible registry as CSV, GeoJSON or Linked Art",
    description="Up to `SHIELD_EXPORT_JOB_FROM` records (10,000 by default) the file itself; "
    "more: a job (202), whose file `GET /api/jobs/{id}/result` streams when it is done. "
    "`linked-art`: one Linked Art JSON-LD record a line (JSON Lines), always streamed.",
)
def export(request, format: Literal["csv", "geojson", "linked-art"] = "csv"):
    qs = visible_to(request.user)
    if format == "linked-art":  # streamed as it is read, whatever its size: no job
        return StreamingHttpResponse(
            linked_art_lines(request.user, qs, request.build_absolute_uri("/")),
            content_type="application/x-ndjson; charset=utf-8",
        )
    # how many the reader may read, from the map's kept cells (not a count of the registry)
    if jobs.export_is_big(count_visible(request.user)):
        return Status(202, started(jobs.start_export(request.user, format)))
    if format == "geojson":
        response = HttpResponse(content_type="application/geo+json")
        transfer.write_geojson(request.user, qs, response)
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="heritage-shield.csv"'
    transfer.write_csv(request.user, qs, response)
    return response


@router.post(
    "/import",
    auth=WRITE_AUTH,
    response={200: ImportOut, 202: JobStarted, 400: dict, 401: dict, 403: dict, 422: dict},
    summary="Import CSV or GeoJSON, all or nothing",
    description="A file of `SHIELD_IMPORT_JOB_FROM` bytes or more (1 MiB by default) is checked "
    "quickly (its encoding and first rows: 422 if they fail), stored and imported by a job "
    "(202): `GET /api/jobs/{id}` gives its progress and outcome.",
)
def import_file(request, file: File[UploadedFile], dry_run: bool = False):
    name = file.name or "upload"
    content = file.read()
    try:
        if jobs.import_is_big(len(content)):
            jobs.check_quickly(request.user, content, name)
            return Status(202, started(jobs.start_import(request.user, content, name, dry_run)))
        with bigimport.single_process():  # no process is started inside the web server
            result = transfer.import_bytes(request.user, content, name, dry_run=dry_run)
    except transfer.ImportFailed as exc:
        return Status(422, import_error_body(exc.report()))
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "dry_run": dry_run,
        "audit_entry": result.audit_entry,
    }


def import_error_body(report: dict) -> dict:
    """An import's errors, bounded (``fileformats.error_report``): the first ones by place and
    field, counts by field and reason, and the total."""
    some = f"{report['total']}{' or more' if report['total_is_lower_bound'] else ''}"
    return {
        **error_body(
            f"nothing was imported: {some} error(s)",
            [
                {"field": f"{e['where']}: {e['field']}", "message": e["message"]}
                for e in report["shown"]
            ],
        ),
        "total": report["total"],
        "total_is_lower_bound": report["total_is_lower_bound"],
        "counts": report["counts"],
    }


@router.get(
    "/suggest",
    response={200: list[SuggestionOut], **READ},
    summary="Name suggestions for type-ahead",
)
def suggest(request, q: str):
    if len(q.strip()) < 2:
        return []
    total, page = search(request.user, Criteria(q.strip()), 0, 8)
    lang = _lang(request)
    return [{"code": p.code, "name": p.display_name(lang), "category": p.category} for p in page]
