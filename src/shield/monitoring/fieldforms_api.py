"""Field forms through the API: keep a form (its mapping proposed), edit its mapping,
import an export (as a job when large), follow and undo an import.

Mounted on the monitoring router (``api`` imports this module at its end)."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.http import HttpResponse
from ninja import File, Form, Status
from ninja.files import UploadedFile

from shield.accounts.auth import WRITE_AUTH
from shield.core.errors import error_body
from shield.core.schemas import READ, WRITE
from shield.registry.ids import as_uuid

from . import fieldforms_import as ff
from .api import router
from .fieldforms_models import FieldForm, FieldImport
from .fieldforms_schemas import (
    FieldFormOut,
    FieldImportOut,
    FieldImportRefusedOut,
    FieldPlaceOut,
    MappingIn,
    PlaceLinkIn,
    PlaceNewPropertyIn,
    PlaceReviewedOut,
)

MAPPING_DOC = (
    "The mapping: `kind` (assessment or incident); `fields`: our field -> the form's "
    "question path (site_id, site_name, location, assessed_on, condition, damage_extent, "
    "causes, certainty, priority, assessor, notes, boundary (a geoshape: the boundary of a "
    "property made from a place to review), photos as a list; for incidents "
    "reported_on, occurred_on, allegation, reporter_name, description); `values`: per field, "
    "the form's choice name -> our code (causes: category/cause, e.g. natural/earthquake); "
    "`constants`: the same for every submission (method: field)."
)


def present_form(obj: FieldForm) -> dict[str, Any]:
    form = ff.form_of(obj)
    return {
        "id": str(obj.id),
        "form_id": obj.form_id,
        "version": obj.version,
        "title": obj.title,
        "languages": list(form.languages),
        "questions": len(form.questions),
        "mapping": {
            "values": {},
            "constants": {},
            "form_id": "",
            "version": "",
            "reasons": {},
            **obj.mapping,
        },
        "mapping_confirmed": obj.mapping_confirmed,
    }


def present_import(imp: FieldImport) -> dict[str, Any]:
    from .fieldforms_tasks import progress_of

    return {
        "id": str(imp.id),
        "form": str(imp.form_id),
        "filename": imp.filename,
        "sha256": imp.sha256,
        "status": imp.status,
        "counts": {k: int(v) for k, v in imp.counts.items()},
        "report": ff.public_report(imp.report),
        "progress": progress_of(imp),
        "error": imp.error,
    }


def _refused(exc: ff.ImportRefused) -> Status:
    report = ff.public_report(exc.report)
    return Status(
        422,
        {
            **error_body(
                str(exc),
                [
                    {"field": r["column"] or "file", "message": ff.refusal_line(r)}
                    for r in report["refused"]
                ],
            ),
            "report": report,
        },
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/fieldforms/form",
    response=READ,
    openapi_extra={
        "responses": {
            200: {
                "description": "the XLSForm (.xlsx; kind=both: a ZIP of the two forms)",
                "content": {
                    kind: {"schema": {"type": "string", "format": "binary"}}
                    for kind in (XLSX, "application/zip")
                },
            }
        }
    },
    summary="Heritage Shield's own XLSForm (condition assessment, incident report)",
    description="The XLSForm of the condition assessment (`kind=assessment`), the incident "
    "report (`kind=incident`) or both in a ZIP (`kind=both`): EAMENA's vocabularies as choice "
    "lists in English and Norwegian, the property's code, GPS point, photographs. Exports of "
    "data collected with it import with no mapping step (`form`: heritage_shield_assessment or "
    "heritage_shield_incident).",
)
def fieldforms_our_form(request, kind: Literal["assessment", "incident", "both"] = "assessment"):
    from . import fieldforms_ourform as ours

    body = ours.xlsform(kind)
    content_type = "application/zip" if kind == "both" else XLSX
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{ours.filename(kind)}"'
    return response


@router.post(
    "/fieldforms/forms",
    auth=WRITE_AUTH,
    response={200: FieldFormOut, **WRITE, 422: FieldImportRefusedOut},
    summary="Keep a field form (XLSForm, JSON form, Kobo asset or XForm), its mapping proposed",
    description="The form is kept per form id and version; a new one gets a mapping proposed "
    "from its questions' types, names and labels in every language. " + MAPPING_DOC,
)
def fieldforms_form(request, file: File[UploadedFile], kind: Form[str] = "assessment"):
    if kind not in ("assessment", "incident"):
        return Status(
            422,
            {
                **error_body(
                    "kind", [{"field": "kind", "message": "must be assessment or incident"}]
                ),
                "report": None,
            },
        )
    try:
        obj = ff.load_form(request.user, file.read(), file.name or "form", kind)
    except ff.ImportRefused as exc:
        return _refused(exc)
    return present_form(obj)


@router.put(
    "/fieldforms/forms/{form_ref}/mapping",
    auth=WRITE_AUTH,
    response={200: FieldFormOut, **WRITE, 422: FieldImportRefusedOut},
    summary="Keep an edited mapping for a form and version",
    description=MAPPING_DOC,
)
def fieldforms_mapping(request, form_ref: str, payload: MappingIn):
    obj = _form(form_ref)
    try:
        ff.save_mapping(request.user, obj, payload.model_dump(mode="json", exclude_unset=True))
    except ff.ImportRefused as exc:
        return _refused(exc)
    return present_form(obj)


def _form(ref: str) -> FieldForm:
    from ninja.errors import HttpError

    obj = ff.find_form(ref)
    if obj is None:
        raise HttpError(404, f"no field form {ref}")
    return obj


@router.post(
    "/fieldforms/imports",
    auth=WRITE_AUTH,
    response={200: FieldImportOut, 202: FieldImportOut, **WRITE, 422: FieldImportRefusedOut},
    summary="Import a KoboToolbox, Ona or ODK Central export through its form",
    description="The export as it came (JSON, CSV, XLSX, XLS, ODK Central's ZIP with media), read "
    "through the kept form `form` (its id or UUID; the latest version unless `version`). "
    "All or nothing unless `skip_invalid`. `dry_run`: the preview only (new, updated, "
    "unchanged, refused, places to review, unused columns). An export from "
    "SHIELD_IMPORT_JOB_FROM bytes runs as a job: 202, then GET /fieldforms/imports/{id}.",
)
def fieldforms_import(
    request,
    file: File[UploadedFile],
    form: Form[str],
    media: File[UploadedFile | None] = None,
    version: Form[str | None] = None,
    skip_invalid: Form[bool] = False,
    dry_run: Form[bool] = False,
    radius_m: Form[float] = 250.0,
):
    obj = ff.find_form(form, version, request.user)
    if obj is None:
        return Status(
            422,
            {
                **error_body(
                    f"no field form {form}",
                    [
                        {
                            "field": "form",
                            "message": f"no field form {form}: POST /api/fieldforms/forms first",
                        }
                    ],
                ),
                "report": None,
            },
        )
    content = file.read()
    media_bytes = media.read() if media is not None else None
    name = file.name or "export"
    if not dry_run and len(content) >= settings.SHIELD_IMPORT_JOB_FROM:
        from .fieldforms_tasks import start

        try:
            ff.preflight(request.user, obj, content, name)
        except ff.ImportRefused as exc:
            return _refused(exc)
        imp = start(request.user, obj, content, name, media_bytes, skip_invalid, radius_m)
        return Status(202, present_import(imp))
    try:
        imp = ff.run(
            request.user,
            obj,
            content,
            name,
            media=media_bytes,
            skip_invalid=skip_invalid,
            radius_m=radius_m,
            dry_run=dry_run,
        )
    except ff.ImportRefused as exc:
        return _refused(exc)
    return present_import(imp)


def _import(request, import_id: str) -> FieldImport:
    from ninja.errors import HttpError

    from .services import may_assess

    key = as_uuid(import_id)
    imp = FieldImport.objects.filter(pk=key).first() if key else None
    if imp is None or not may_assess(request.user):
        raise HttpError(404, f"no field forms import {import_id}")
    return imp


@router.get(
    "/fieldforms/imports/{import_id}",
    auth=WRITE_AUTH,
    response={200: FieldImportOut, **WRITE},
    summary="A field forms import: its status, progress, counts and report",
)
def fieldforms_import_status(request, import_id: str):
    return present_import(_import(request, import_id))


@router.post(
    "/fieldforms/imports/{import_id}/undo",
    auth=WRITE_AUTH,
    response={200: FieldImportOut, **WRITE, 422: FieldImportRefusedOut},
    summary="Undo one field forms import as a whole",
)
def fieldforms_undo(request, import_id: str):
    imp = _import(request, import_id)
    try:
        ff.undo(request.user, imp)
    except ff.ImportRefused as exc:
        return _refused(exc)
    return present_import(imp)


# ---- places to review ----------------------------------------------------------------------


def present_place(place, with_submissions: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": str(place.id),
        "form_id": place.form.form_id,
        "version": place.form.version,
        "site_id": place.site_id,
        "name": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "boundary": place.boundary,
        "waiting": getattr(place, "waiting", None)
        if getattr(place, "waiting", None) is not None
        else place.submissions.count(),
        "property": place.property.code if place.property_id else None,
        "created_in": str(place.created_in_id) if place.created_in_id else None,
        "created_at": place.created_at.isoformat(),
        "resolved_at": place.resolved_at.isoformat() if place.resolved_at else None,
        "submissions": [],
    }
    if with_submissions:
        out["submissions"] = [
            {
                "uuid": fs.uuid,
                "site_id": fs.site_id,
                "site_name": fs.site_name,
                "lat": fs.lat,
                "lon": fs.lon,
                "why": str(fs.match.get("why") or ""),
                "code": str(fs.match.get("code") or ""),
                "params": {str(k): str(v) for k, v in (fs.match.get("params") or {}).items()},
            }
            for fs in place.submissions.order_by("created_at")
        ]
    return out


def _place(request, place_id: str):
    from ninja.errors import HttpError

    from . import fieldforms_review as review

    place = review.find(request.user, place_id)
    if place is None:
        raise HttpError(404, f"no place to review {place_id}")
    return place


@router.get(
    "/fieldforms/places",
    auth=WRITE_AUTH,
    response={200: list[FieldPlaceOut], **WRITE},
    summary="Places to review: sites a survey named that matched no property",
    description="Each with the survey's own site id, name, GPS point and shape, and the number "
    "of submissions waiting for it. Assessors and the Secretariat.",
)
def fieldforms_places(request):
    from . import fieldforms_review as review

    return [present_place(p) for p in review.waiting(request.user)]


@router.get(
    "/fieldforms/places/{place_id}",
    auth=WRITE_AUTH,
    response={200: FieldPlaceOut, **WRITE},
    summary="A place to review, with its waiting submissions and why none matched",
)
def fieldforms_place(request, place_id: str):
    return present_place(_place(request, place_id), with_submissions=True)


@router.post(
    "/fieldforms/places/{place_id}/link",
    auth=WRITE_AUTH,
    response={200: PlaceReviewedOut, **WRITE, 422: FieldImportRefusedOut},
    summary="Review a place as an existing property: its submissions become its assessments",
)
def fieldforms_place_link(request, place_id: str, payload: PlaceLinkIn):
    from shield.registry.disclosure import find_visible

    from . import fieldforms_review as review

    place = _place(request, place_id)
    prop = find_visible(request.user, payload.property)
    if prop is None:
        return Status(
            422,
            {
                **error_body(
                    f"no property {payload.property}",
                    [{"field": "property", "message": f"no property {payload.property!r}"}],
                ),
                "report": None,
            },
        )
    try:
        n = review.link(request.user, place, prop)
    except ff.ImportRefused as exc:
        return _refused(exc)
    place.refresh_from_db()
    return {
        "place": present_place(place),
        "property": prop.code,
        "created": False,
        "submissions": n,
    }


@router.post(
    "/fieldforms/places/{place_id}/property",
    auth=WRITE_AUTH,
    response={201: PlaceReviewedOut, **WRITE, 422: FieldImportRefusedOut},
    summary="Review a place as a new property, recorded from the survey",
    description="Through the registry's own service, with your role's rights (a Party's "
    "officer in its own inventory; the Secretariat and administrators in any): the survey's "
    "name, site id (as the external id `<form id>:<site id>`), GPS point and shape, unless "
    "given here. Then the waiting submissions become its assessments (or incidents).",
)
def fieldforms_place_property(request, place_id: str, payload: PlaceNewPropertyIn):
    from . import fieldforms_review as review

    place = _place(request, place_id)
    data = payload.model_dump(exclude_unset=True)
    try:
        prop, n = review.create_property(request.user, place, data)
    except ff.ImportRefused as exc:
        return _refused(exc)
    place.refresh_from_db()
    return Status(
        201,
        {"place": present_place(place), "property": prop.code, "created": True, "submissions": n},
    )
