"""Monitoring endpoints: missions, assessments, incidents, evidence, field forms, map."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from ninja import File, Form, Router, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from shield.accounts.auth import WRITE_AUTH
from shield.core.language import reader_lang
from shield.core.schemas import (
    READ,
    READ_ONE,
    WRITE,
    Body,
    Bool,
    ErrorOut,
    ImportErrorOut,
    IsoDate,
    media,
)
from shield.registry.disclosure import visible_to
from shield.registry.ids import as_uuid

from . import compare as comparing
from . import evidence as ev_service
from . import fieldforms, package, package_bag, present, services, store, timeline, uploads
from .models import Mission
from .schemas import (
    Allegation,
    AssessmentOut,
    ComparisonOut,
    Condition,
    ConditionMapOut,
    ConsentStatus,
    CustodyStatedAction,
    DamageExtent,
    EvidenceOut,
    FieldFormsImportOut,
    IncidentDetailOut,
    IncidentOut,
    IncidentStatus,
    Method,
    MissionOut,
    MissionStatus,
    Priority,
    RefusalOut,
    ReporterKind,
    TimelineItemOut,
)

router = Router(tags=["monitoring"])


Act = Literal[
    "attack",
    "use_in_support_of_military_action",
    "extensive_destruction",
    "appropriation",
    "theft",
    "pillage",
    "misappropriation",
    "vandalism",
]
Lang = Literal["en", "nb"]


def _data(payload: Body) -> dict:
    """The body as the services read it: the fields sent, dates as ISO text."""
    return payload.model_dump(mode="json", exclude_unset=True)


class MissionIn(Body):
    title: str
    mandate: str
    requesting_body: str
    status: MissionStatus = "proposed"  # type: ignore[valid-type]
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    team: list[dict[str, Any]] = []
    areas: list[str] = []
    properties: list[str] = []
    synthetic: Bool = Field(False, description="true for invented (demo) data, never a finding")


class MissionStatusIn(Body):
    status: MissionStatus  # type: ignore[valid-type]
    note: str = ""


class ConsentIn(Body):
    state: str
    status: ConsentStatus  # type: ignore[valid-type]
    requested_on: IsoDate
    answered_on: IsoDate | None = None
    note: str = ""


class RefusalIn(Body):
    refused_by: str | None = None
    refused_by_label: str = ""
    refused_on: IsoDate
    property: str | None = None
    description: str = ""
    source: str = ""


class AssessmentIn(Body):
    property: str
    mission: str | None = None
    assessed_on: IsoDate
    method: Method  # type: ignore[valid-type]
    image_date: IsoDate | None = None
    image_provider: str = ""
    condition: Condition  # type: ignore[valid-type]
    damage_extent: DamageExtent = "unknown"  # type: ignore[valid-type]
    disturbances: list[dict[str, Any]] = []
    threats: list[dict[str, Any]] = []
    priority: Priority | None = None  # type: ignore[valid-type]
    assessor: str = ""
    notes: str = ""
    external_id: str | None = None
    synthetic: Bool = Field(False, description="true for invented (demo) data, never a finding")


class FactsIn(Body):
    """The facts the treaty analysis reads (``shield.monitoring.analysis.FACT_KEYS``)."""

    act: Act | None = None
    intentional: Bool | None = None
    in_violation: Bool | None = None
    territory_state: str | None = None
    offender_nationality: str | None = None
    offender_present_in: str | None = None
    offender_in_party_armed_forces: Bool | None = None
    persecution_grounds: Bool | None = None


class IncidentReportIn(Body):
    property: str
    reporter_kind: ReporterKind  # type: ignore[valid-type]
    reporter_state: str | None = None
    reporter_name: str = ""
    reported_on: IsoDate
    occurred_on: IsoDate | None = None
    allegation: Allegation  # type: ignore[valid-type]
    description: str = ""
    sources: list[dict[str, Any]] = []
    facts: FactsIn | None = None
    external_id: str | None = None
    synthetic: Bool = Field(False, description="true for invented (demo) data, never a finding")


class IncidentStatusIn(Body):
    status: IncidentStatus  # type: ignore[valid-type]
    assessment: str | None = None
    note: str = ""


class CustodyIn(Body):
    """A custody event recorded by one who holds the item. The handler is the authenticated
    user and the time is the server's; who and when the client says it happened are kept
    beside them as claims (``stated_by``, ``stated_at``)."""

    action: CustodyStatedAction  # type: ignore[valid-type]
    stated_by: str = ""
    stated_at: datetime | None = None
    to: str = ""
    note: str = ""


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


@router.get(
    "/missions", response={200: list[MissionOut], **READ}, summary="Missions and their status"
)
def list_missions(request, lang: Lang | None = None):
    return [present.mission(m, request.user, _lang(request, lang)) for m in Mission.objects.all()]


@router.post(
    "/missions", auth=WRITE_AUTH, response={201: MissionOut, **WRITE}, summary="Record a mission"
)
def create_mission(request, payload: MissionIn):
    return Status(
        201,
        present.mission(
            services.create_mission(request.user, _data(payload)), request.user, _lang(request)
        ),
    )


@router.get(
    "/missions/{mission_id}",
    response={200: MissionOut, **READ_ONE},
    summary="One mission: mandate, consents, refusals, team, areas",
)
def read_mission(request, mission_id: str, lang: Lang | None = None):
    return present.mission(
        _get(Mission.objects.all(), mission_id, "mission"), request.user, _lang(request, lang)
    )


@router.post(
    "/missions/{mission_id}/status",
    auth=WRITE_AUTH,
    response={200: MissionOut, **WRITE},
    summary="Change a mission's status",
)
def mission_status(request, mission_id: str, payload: MissionStatusIn):
    m = _get(Mission.objects.all(), mission_id, "mission")
    services.set_mission_status(request.user, m, payload.status, payload.note)
    return present.mission(m, request.user, _lang(request))


@router.post(
    "/missions/{mission_id}/consents",
    auth=WRITE_AUTH,
    response={200: MissionOut, **WRITE},
    summary="A party's consent (requested, granted, refused, no answer)",
)
def mission_consent(request, mission_id: str, payload: ConsentIn):
    m = _get(Mission.objects.all(), mission_id, "mission")
    services.set_consent(request.user, m, _data(payload))
    return present.mission(m, request.user, _lang(request))


@router.post(
    "/missions/{mission_id}/refusals",
    auth=WRITE_AUTH,
    response={201: RefusalOut, **WRITE},
    summary="A refusal of access",
)
def mission_refusal(request, mission_id: str, payload: RefusalIn):
    m = _get(Mission.objects.all(), mission_id, "mission")
    return Status(
        201,
        present.refusal(services.record_refusal(request.user, _data(payload), m), _lang(request)),
    )


# ---- assessments ----------------------------------------------------------------------------


@router.get(
    "/assessments",
    response={200: list[AssessmentOut], **READ_ONE},
    summary="Condition assessments (of property you may see)",
)
def list_assessments(request, property: str | None = None):
    qs = services.visible_assessments(request.user)
    if property:
        qs = qs.filter(property=_property(request, property))
    return [present.assessment(a, request.user) for a in qs]


@router.post(
    "/assessments",
    auth=WRITE_AUTH,
    response={201: AssessmentOut, **WRITE},
    summary="Record a condition assessment",
)
def create_assessment(request, payload: AssessmentIn):
    mission = _get(Mission.objects.all(), payload.mission, "mission") if payload.mission else None
    return Status(
        201,
        present.assessment(
            services.create_assessment(request.user, _data(payload), mission), request.user
        ),
    )


@router.get(
    "/assessments/compare",
    response={200: ComparisonOut, **READ_ONE},
    summary="Compare two assessments of one property",
)
def compare_assessments(request, a: str, b: str):
    qs = services.visible_assessments(request.user)
    first, second = _get(qs, a, "assessment"), _get(qs, b, "assessment")
    try:
        return comparing.compare(first, second)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from None


@router.get(
    "/assessments/{assessment_id}",
    response={200: AssessmentOut, **READ_ONE},
    summary="One assessment",
)
def read_assessment(request, assessment_id: str):
    return present.assessment(
        _get(services.visible_assessments(request.user), assessment_id, "assessment"),
        request.user,
    )


# ---- incidents ------------------------------------------------------------------------------


@router.get(
    "/incidents",
    response={200: list[IncidentOut], **READ_ONE},
    summary="Incident reports, worded as claims until verified",
)
def list_incidents(request, property: str | None = None, lang: Lang | None = None):
    qs = services.visible_incidents(request.user)
    if property:
        qs = qs.filter(property=_property(request, property))
    return [present.incident(i, _lang(request, lang)) for i in qs]


@router.post(
    "/incidents",
    auth=WRITE_AUTH,
    response={201: IncidentOut, **WRITE},
    summary="Report an incident",
)
def create_incident(request, payload: IncidentReportIn):
    return Status(
        201,
        present.incident(services.create_incident(request.user, _data(payload)), _lang(request)),
    )


@router.get(
    "/incidents/{incident_id}",
    response={200: IncidentDetailOut, **READ_ONE},
    summary="One incident with its treaty analysis (not a verdict)",
)
def read_incident(request, incident_id: str, lang: Lang | None = None):
    i = _get(services.visible_incidents(request.user), incident_id, "incident")
    return _incident_detail(request, i, _lang(request, lang))


def _incident_detail(request, i, lang: str) -> dict:
    """An incident with its analysis and the address of its images' IIIF manifest."""
    out = present.incident(i, lang, with_analysis=True)
    out["iiif_manifest"] = request.build_absolute_uri(
        reverse("iiif:incident-manifest", args=[i.pk])
    )
    return out


@router.post(
    "/incidents/{incident_id}/status",
    auth=WRITE_AUTH,
    response={200: IncidentOut, **WRITE},
    summary="Corroborate, verify (naming the assessment) or mark not substantiated",
)
def incident_status(request, incident_id: str, payload: IncidentStatusIn):
    i = _get(services.visible_incidents(request.user), incident_id, "incident")
    services.set_incident_status(request.user, i, payload.status, payload.assessment, payload.note)
    return present.incident(i, _lang(request))


@router.put(
    "/incidents/{incident_id}/facts",
    auth=WRITE_AUTH,
    response={200: IncidentDetailOut, **WRITE},
    summary="Facts for the treaty analysis",
)
def incident_facts(request, incident_id: str, payload: FactsIn):
    i = _get(services.visible_incidents(request.user), incident_id, "incident")
    services.set_incident_facts(request.user, i, _data(payload))
    return _incident_detail(request, i, _lang(request))


# ---- evidence -------------------------------------------------------------------------------


@router.post(
    "/evidence",
    auth=WRITE_AUTH,
    response={201: EvidenceOut, **WRITE, 413: ErrorOut},
    summary="Submit an evidence file",
    description=(
        "The file is streamed to disk and typed by its content, not its name. Larger than "
        "SHIELD_EVIDENCE_MAX_BYTES: 413. `sha256`, when given, is the hash computed where the "
        "file was captured: a file that does not match it is refused (422, field `sha256`). "
        "The same content sent again is a new receipt of it, answered like any other."
    ),
)
@decorate_view(uploads.bounded)
def upload_evidence(
    request,
    file: File[UploadedFile],
    property: Form[str] = "",
    incident: Form[str] = "",
    assessment: Form[str] = "",
    description: Form[str] = "",
    source_url: Form[str] = "",
    collector: Form[str] = "",
    sha256: Form[str] = "",
    synthetic: Form[bool] = False,
):
    try:
        ev = ev_service.add_evidence(
            request.user,
            file.name or "",
            file,
            {
                "property": property,
                "incident": incident,
                "assessment": assessment,
                "description": description,
                "source_url": source_url,
                "collector": collector,
                "sha256": sha256,
                "synthetic": synthetic,
            },
        )
    except store.TooLarge as exc:
        raise HttpError(413, uploads.too_large_message(exc.limit)) from None
    return Status(201, ev_service.present(request.user, ev))


_visible_evidence = ev_service.visible_evidence


def _package_media() -> dict:
    """The package (ZIP) or its bag (ZIP or tar)."""
    extra = media("application/zip", "the package (ZIP), or a BagIt bag as ZIP or tar", True)
    content = extra["responses"][200]["content"]
    content["application/x-tar"] = content["application/zip"]
    return extra


@router.get(
    "/evidence/package",
    response=READ_ONE | {403: ErrorOut, 409: ErrorOut},
    openapi_extra=_package_media(),
    summary="Export an evidence package (ZIP: files, hashes, custody log; or a BagIt bag)",
    description=(
        "`format=zip` (the default) is the signed package that `shield evidence verify` checks; "
        "`bagit-zip` and `bagit-tar` are the same package as a BagIt bag (RFC 8493): the "
        "originals as payload with SHA-256 and SHA-512 manifests, the custody summary in "
        "bag-info.txt, the package's signed members as tag files."
    ),
)
def evidence_package(
    request,
    property: str | None = None,
    incident: str | None = None,
    format: Literal["zip", "bagit-zip", "bagit-tar"] = "zip",
):
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
    items, label = list(qs.distinct()), property or incident or ""
    try:
        if format == "zip":
            body, digest = package.build(request.user, items, label)
            content_type, ext, sealed = "application/zip", "zip", digest
        else:
            body, digest, sealed = package_bag.build(request.user, items, label, format)
            content_type, ext = package_bag.FORMATS[format]
    except ValueError as exc:
        raise HttpError(409, str(exc)) from None
    response = HttpResponse(body, content_type=content_type)
    name = f"evidence-{sealed[:12]}{'-bag' if format != 'zip' else ''}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Package-SHA256"] = sealed
    if format != "zip":
        response["X-Bag-SHA256"] = digest
    return response


@router.get(
    "/evidence/{evidence_id}/file",
    response=READ_ONE | {403: ErrorOut},
    openapi_extra=media(
        "*/*",
        "the original file, in its own media type (application/octet-stream when unknown)",
        binary=True,
    ),
    summary="The original file (for those who hold the item); every reading is logged",
)
def evidence_file(request, evidence_id: str):
    ev = _get(_visible_evidence(request.user), evidence_id, "evidence")
    try:
        path = ev_service.open_original(request.user, ev)
    except FileNotFoundError as exc:
        raise Http404(str(exc)) from None
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 (FileResponse closes it)
        content_type=ev.media_type or "application/octet-stream",
        as_attachment=True,
        filename=package.safe_name(ev.filename),
    )
    response["X-Content-SHA256"] = ev.sha256
    return response


@router.get(
    "/evidence/{evidence_id}/thumbnail",
    response=READ_ONE,
    openapi_extra=media("image/jpeg", "a JPEG thumbnail", binary=True),
    summary="A thumbnail (a derivative without embedded metadata)",
)
def evidence_thumbnail(request, evidence_id: str):
    ev = _get(_visible_evidence(request.user), evidence_id, "evidence")
    path = store.thumbnail(ev.sha256)
    if path is None:
        raise Http404("no thumbnail for this file")
    return HttpResponse(path.read_bytes(), content_type="image/jpeg")


@router.post(
    "/refusals",
    auth=WRITE_AUTH,
    response={201: RefusalOut, **WRITE},
    summary="A refusal of access to a property",
)
def property_refusal(request, payload: RefusalIn):
    return Status(
        201,
        present.refusal(services.record_refusal(request.user, _data(payload)), _lang(request)),
    )


@router.get(
    "/evidence/{evidence_id}",
    response={200: EvidenceOut, **READ_ONE},
    summary="One evidence file: hash, metadata, custody",
)
def read_evidence(request, evidence_id: str):
    return ev_service.present(
        request.user, _get(_visible_evidence(request.user), evidence_id, "evidence")
    )


@router.post(
    "/evidence/{evidence_id}/custody",
    auth=WRITE_AUTH,
    response={201: EvidenceOut, **WRITE},
    summary="A custody event (received, transferred, examined), by one who holds the item",
    description=(
        "Chained to the item's previous event and recorded in the audit log. Only the "
        "Secretariat, administrators, assessors and the officers of the State that submitted "
        "the item record custody (403 for others). Downloads of originals and package exports "
        "are recorded as custody events by the system."
    ),
)
def evidence_custody(request, evidence_id: str, payload: CustodyIn):
    ev = _get(_visible_evidence(request.user), evidence_id, "evidence")
    ev_service.add_custody(request.user, ev, _data(payload))
    return Status(201, ev_service.present(request.user, ev))


# ---- field forms, timeline, map ------------------------------------------------------------


@router.post(
    "/fieldforms/import",
    auth=WRITE_AUTH,
    response={200: FieldFormsImportOut, **WRITE, 422: ImportErrorOut},
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


@router.get(
    "/monitoring/properties/{ref}/timeline",
    response={200: list[TimelineItemOut], **READ_ONE},
    summary="A property's timeline",
)
def property_timeline(request, ref: str, lang: Lang | None = None):
    prop = _property(request, ref)
    return [
        {**item, "date": item["date"].isoformat()}
        for item in timeline.build(prop, request.user, _lang(request, lang))
    ]


@router.get(
    "/monitoring/map",
    response={200: ConditionMapOut, **READ},
    summary="Assessed property as GeoJSON, by latest condition",
)
def condition_map(request, lang: Lang | None = None):
    props = (
        visible_to(request.user)
        .filter(assessments__isnull=False)
        .distinct()
        .select_related("inventory_state")
    )
    return present.map_features(request.user, props, _lang(request, lang))


from . import fieldforms_api  # noqa: E402,F401  (field forms' endpoints on this router)
