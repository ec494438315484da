"""Monitoring endpoints: missions, assessments, incidents, evidence, field forms, map."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from ninja import Body, File, Form, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from shield.accounts.auth import WRITE_AUTH
from shield.core.language import reader_lang
from shield.registry.disclosure import visible_to
from shield.registry.ids import as_uuid

from . import compare as comparing
from . import evidence as ev_service
from . import fieldforms, package, present, services, store, timeline
from .models import Mission

router = Router(tags=["monitoring"])


def _lang(request, given: str | None = None) -> str:
    return reader_lang(given)


def _get(qs, pk, what):
    key = as_uuid(pk)
    obj = qs.filter(pk=key).first() if key else None
    if obj is None:
        raise Http404(f"no {what} {pk!r}")
    return obj


def _property(request, ref):
    errors = services.clean.Errors()
    prop = services.property_for(request.user, ref, errors)
    if prop is None:
        raise Http404(f"no property {ref!r}")
    return prop


# ---- missions -------------------------------------------------------------------------------


@router.get("/missions", summary="Missions and their status")
def list_missions(request, lang: str | None = None):
    return [present.mission(m, request.user, _lang(request, lang)) for m in Mission.objects.all()]


@router.post("/missions", auth=WRITE_AUTH, response={201: dict}, summary="Record a mission")
def create_mission(request, payload: dict = Body(...)):
    return Status(
        201,
        present.mission(
            services.create_mission(request.user, payload), request.user, _lang(request)
        ),
    )


@router.get(
    "/missions/{mission_id}", summary="One mission: mandate, consents, refusals, team, areas"
)
def read_mission(request, mission_id: str, lang: str | None = None):
    return present.mission(
        _get(Mission.objects.all(), mission_id, "mission"), request.user, _lang(request, lang)
    )


@router.post("/missions/{mission_id}/status", auth=WRITE_AUTH, summary="Change a mission's status")
def mission_status(request, mission_id: str, payload: dict = Body(...)):
    m = _get(Mission.objects.all(), mission_id, "mission")
    services.set_mission_status(request.user, m, payload.get("status", ""), payload.get("note", ""))
    return present.mission(m, request.user, _lang(request))


@router.post(
    "/missions/{mission_id}/consents",
    auth=WRITE_AUTH,
    summary="A party's consent (requested, granted, refused, no answer)",
)
def mission_consent(request, mission_id: str, payload: dict = Body(...)):
    m = _get(Mission.objects.all(), mission_id, "mission")
    services.set_consent(request.user, m, payload)
    return present.mission(m, request.user, _lang(request))


@router.post(
    "/missions/{mission_id}/refusals",
    auth=WRITE_AUTH,
    response={201: dict},
    summary="A refusal of access",
)
def mission_refusal(request, mission_id: str, payload: dict = Body(...)):
    m = _get(Mission.objects.all(), mission_id, "mission")
    return Status(
        201, present.refusal(services.record_refusal(request.user, payload, m), _lang(request))
    )


# ---- assessments ----------------------------------------------------------------------------


@router.get("/assessments", summary="Condition assessments (of property you may see)")
def list_assessments(request, property: str | None = None):
    qs = services.visible_assessments(request.user)
    if property:
        qs = qs.filter(property=_property(request, property))
    return [present.assessment(a) for a in qs]


@router.post(
    "/assessments", auth=WRITE_AUTH, response={201: dict}, summary="Record a condition assessment"
)
def create_assessment(request, payload: dict = Body(...)):
    mission = (
        _get(Mission.objects.all(), payload["mission"], "mission")
        if payload.get("mission")
        else None
    )
    return Status(
        201, present.assessment(services.create_assessment(request.user, payload, mission))
    )


@router.get("/assessments/compare", summary="Compare two assessments of one property")
def compare_assessments(request, a: str, b: str):
    qs = services.visible_assessments(request.user)
    first, second = _get(qs, a, "assessment"), _get(qs, b, "assessment")
    try:
        return comparing.compare(first, second)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from None


@router.get("/assessments/{assessment_id}", summary="One assessment")
def read_assessment(request, assessment_id: str):
    return present.assessment(
        _get(services.visible_assessments(request.user), assessment_id, "assessment")
    )


# ---- incidents ------------------------------------------------------------------------------


@router.get("/incidents", summary="Incident reports, worded as claims until verified")
def list_incidents(request, property: str | None = None, lang: str | None = None):
    qs = services.visible_incidents(request.user)
    if property:
        qs = qs.filter(property=_property(request, property))
    return [present.incident(i, _lang(request, lang)) for i in qs]


@router.post("/incidents", auth=WRITE_AUTH, response={201: dict}, summary="Report an incident")
def create_incident(request, payload: dict = Body(...)):
    return Status(
        201, present.incident(services.create_incident(request.user, payload), _lang(request))
    )


@router.get(
    "/incidents/{incident_id}", summary="One incident with its treaty analysis (not a verdict)"
)
def read_incident(request, incident_id: str, lang: str | None = None):
    i = _get(services.visible_incidents(request.user), incident_id, "incident")
    return present.incident(i, _lang(request, lang), with_analysis=True)


@router.post(
    "/incidents/{incident_id}/status",
    auth=WRITE_AUTH,
    summary="Corroborate, verify (naming the assessment) or mark not substantiated",
)
def incident_status(request, incident_id: str, payload: dict = Body(...)):
    i = _get(services.visible_incidents(request.user), incident_id, "incident")
    services.set_incident_status(
        request.user,
        i,
        payload.get("status", ""),
        payload.get("assessment"),
        payload.get("note", ""),
    )
    return present.incident(i, _lang(request))


@router.put(
    "/incidents/{incident_id}/facts", auth=WRITE_AUTH, summary="Facts for the treaty analysis"
)
def incident_facts(request, incident_id: str, payload: dict = Body(...)):
    i = _get(services.visible_incidents(request.user), incident_id, "incident")
    services.set_incident_facts(request.user, i, payload)
    return present.incident(i, _lang(request), with_analysis=True)


# ---- evidence -------------------------------------------------------------------------------


@router.post("/evidence", auth=WRITE_AUTH, response={201: dict}, summary="Submit an evidence file")
def upload_evidence(
    request,
    file: File[UploadedFile],
    property: Form[str] = "",
    incident: Form[str] = "",
    assessment: Form[str] = "",
    description: Form[str] = "",
):
    ev = ev_service.add_evidence(
        request.user,
        file.name or "",
        file.read(),
        {
            "property": property,
            "incident": incident,
            "assessment": assessment,
            "description": description,
        },
    )
    return Status(201, ev_service.present(request.user, ev))


_visible_evidence = ev_service.visible_evidence


@router.get(
    "/evidence/package", summary="Export an evidence package (ZIP: files, hashes, custody log)"
)
def evidence_package(request, property: str | None = None, incident: str | None = None):
    if not ev_service.may_export(request.user):
        raise HttpError(
            403, "evidence packages are for the Secretariat, administrators and assessors"
        )
    qs = _visible_evidence(request.user)
    if property:
        qs = qs.filter(property=_property(request, property))
    if incident:
        qs = qs.filter(
            incident=_get(services.visible_incidents(request.user), incident, "incident")
        )
    try:
        body, digest = package.build(request.user, list(qs.distinct()), property or incident or "")
    except ValueError as exc:
        raise HttpError(409, str(exc)) from None
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="evidence-{digest[:12]}.zip"'
    response["X-Package-SHA256"] = digest
    return response


@router.get(
    "/evidence/{evidence_id}/file", summary="The original file (for those who may export evidence)"
)
def evidence_file(request, evidence_id: str):
    ev = _get(_visible_evidence(request.user), evidence_id, "evidence")
    if not ev_service.may_export(request.user):
        raise HttpError(
            403,
            "originals (with their embedded metadata) are for the Secretariat, administrators and assessors",
        )
    response = HttpResponse(
        store.original_path(ev.sha256).read_bytes(),
        content_type=ev.media_type or "application/octet-stream",
    )
    response["Content-Disposition"] = f'attachment; filename="{package.safe_name(ev.filename)}"'
    response["X-Content-SHA256"] = ev.sha256
    return response


@router.get(
    "/evidence/{evidence_id}/thumbnail",
    summary="A thumbnail (a derivative without embedded metadata)",
)
def evidence_thumbnail(request, evidence_id: str):
    ev = _get(_visible_evidence(request.user), evidence_id, "evidence")
    path = store.thumbnail(ev.sha256)
    if path is None:
        raise Http404("no thumbnail for this file")
    return HttpResponse(path.read_bytes(), content_type="image/jpeg")


@router.post(
    "/refusals", auth=WRITE_AUTH, response={201: dict}, summary="A refusal of access to a property"
)
def property_refusal(request, payload: dict = Body(...)):
    return Status(
        201, present.refusal(services.record_refusal(request.user, payload), _lang(request))
    )


@router.get("/evidence/{evidence_id}", summary="One evidence file: hash, metadata, custody")
def read_evidence(request, evidence_id: str):
    return ev_service.present(
        request.user, _get(_visible_evidence(request.user), evidence_id, "evidence")
    )


@router.post(
    "/evidence/{evidence_id}/custody",
    auth=WRITE_AUTH,
    response={201: dict},
    summary="A custody event (received, transferred, examined)",
)
def evidence_custody(request, evidence_id: str, payload: dict = Body(...)):
    ev = _get(_visible_evidence(request.user), evidence_id, "evidence")
    ev_service.add_custody(request.user, ev, payload)
    return Status(201, ev_service.present(request.user, ev))


# ---- field forms, timeline, map ------------------------------------------------------------


@router.post(
    "/fieldforms/import",
    auth=WRITE_AUTH,
    response={200: dict, 422: dict},
    summary="Import a KoboToolbox/ODK export, all or nothing",
)
def import_fieldforms(
    request, file: File[UploadedFile], mapping: File[UploadedFile], dry_run: Form[bool] = False
):
    try:
        return fieldforms.import_file(
            request.user,
            file.name or "upload",
            fieldforms.read_text(file.read(), file.name or "file"),
            fieldforms.read_text(mapping.read(), mapping.name or "mapping"),
            dry_run,
        )
    except fieldforms.ImportInvalid as exc:
        from shield.core.errors import error_body
        from shield.registry.fileformats import error_line

        report = exc.report()
        shown = [error_line(e) for e in report["shown"]]
        return Status(
            422,
            {
                **error_body(
                    "the file was not imported", [{"field": "file", "message": e} for e in shown]
                ),
                "total": report["total"],
                "total_is_lower_bound": report["total_is_lower_bound"],
                "counts": report["counts"],
            },
        )


@router.get("/monitoring/properties/{ref}/timeline", summary="A property's timeline")
def property_timeline(request, ref: str, lang: str | None = None):
    prop = _property(request, ref)
    return [
        {**item, "date": item["date"].isoformat()}
        for item in timeline.build(prop, request.user, _lang(request, lang))
    ]


@router.get("/monitoring/map", summary="Assessed property as GeoJSON, by latest condition")
def condition_map(request, lang: str | None = None):
    props = (
        visible_to(request.user)
        .filter(assessments__isnull=False)
        .distinct()
        .select_related("inventory_state")
    )
    return present.map_features(request.user, props, _lang(request, lang))
