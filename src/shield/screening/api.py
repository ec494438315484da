"""Screening through the API: targets (a list, or a file: a job when large) against the
protected property on a date; a run's status and result; the no-strike list of an area."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpResponse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from shield.accounts.auth import WRITE_AUTH
from shield.core.errors import FieldError, RecordInvalid
from shield.core.language import reader_lang
from shield.core.schemas import WRITE, IsoDate, cite, media
from shield.geo import BadBBox, parse_bbox

from . import nostrike, outputs, service, targets, tasks
from .access import check
from .models import ScreeningRun
from .schemas import RunOut, ScreenIn, ScreenOut

router = Router(tags=["screening"])
LAW = cite("general.precautions_in_attack", "general.precautions_against_effects")
WHO = "The Secretariat and the officers of a Party only; confidential property only for those who may see it."


def present_run(run: ScreeningRun) -> dict:
    done = run.status == ScreeningRun.DONE and tasks.result_file(run) is not None
    return {
        "run": str(run.pk),
        "kind": run.kind,
        "status": run.status,
        "on": run.on.isoformat(),
        "counts": {k: int(v) for k, v in run.counts.items()},
        "progress": tasks.progress_of(run),
        "error": run.error,
        "status_url": f"/api/screening/runs/{run.pk}",
        "result_url": f"/api/screening/runs/{run.pk}/result" if done else None,
    }


@router.post(
    "/screening/runs",
    auth=WRITE_AUTH,
    response={200: ScreenOut, **WRITE},
    summary="Screen targets (or, reversed, military objectives) against protected property on a date",
    description=f"Precautions ({LAW}). {WHO} Each hit: the distance on the WGS84 ellipsoid, the "
    "property's protection in force on the date and the provisions it rests on.",
)
def screen(request, payload: ScreenIn):
    check(request.user)
    found = targets.from_points([t.model_dump() for t in payload.targets])
    return service.screen(
        request.user,
        found,
        payload.on,
        payload.radius_m,
        payload.reverse,
        payload.buffers,
        reader_lang(payload.lang),
    )


@router.post(
    "/screening/runs/file",
    auth=WRITE_AUTH,
    response={200: ScreenOut, 202: RunOut, **WRITE},
    summary="Screen a file of targets (CSV or GeoJSON points); a job when large",
    description=f"{WHO} A file of SHIELD_SCREEN_JOB_FROM bytes or more runs as a job: 202, then "
    "GET the status_url until done, and the result_url (in the format asked for).",
)
def screen_file(
    request,
    file: File[UploadedFile],
    on: Form[IsoDate],
    radius_m: Form[float] = 0.0,
    reverse: Form[bool] = False,
    format: Form[Literal["json", "csv", "geojson"]] = "json",
):
    check(request.user)
    content, name = file.read(), file.name or "targets"
    if not (0 <= radius_m <= 1_000_000):
        raise RecordInvalid([FieldError("radius_m", "metres from 0 to 1,000,000")])
    if len(content) >= tasks.job_from():
        run = tasks.start(
            request.user, content, name, on, radius_m, reverse, format, None, reader_lang()
        )
        return Status(202, present_run(run))
    found = targets.read(content, name)
    return service.screen(
        request.user, found, on, radius_m, reverse, None, reader_lang(), source=content, name=name
    )


def _run(request, run_id: str) -> ScreeningRun:
    check(request.user)
    run = ScreeningRun.objects.filter(pk=run_id).first() if _is_uuid(run_id) else None
    if run is None or (run.user_id != request.user.pk and not request.user.is_superuser):
        raise Http404(f"no screening run {run_id}")
    return run


def _is_uuid(text: str) -> bool:
    from shield.registry.ids import as_uuid

    return as_uuid(text) is not None


@router.get(
    "/screening/runs/{run_id}",
    auth=WRITE_AUTH,
    response={200: RunOut, **WRITE},
    summary="A screening run: its status, progress and counts",
)
def run_status(request, run_id: str):
    return present_run(_run(request, run_id))


@router.get(
    "/screening/runs/{run_id}/result",
    auth=WRITE_AUTH,
    response={**WRITE},
    summary="A finished screening job's result, in the format asked for",
    openapi_extra=media("application/json", "the run's hits (JSON, CSV or GeoJSON)"),
)
def run_result(request, run_id: str):
    run = _run(request, run_id)
    path = tasks.result_file(run)
    if path is None:
        raise Http404(f"screening run {run_id} has no result (yet): status {run.status}")
    fmt = run.params.get("format", "json")
    kind = {
        "json": "application/json",
        "csv": "text/csv; charset=utf-8",
        "geojson": "application/geo+json",
    }[fmt]
    response = HttpResponse(path.read_bytes(), content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="screening-{run.pk}.{fmt}"'
    return response


@router.get(
    "/screening/nostrike",
    auth=WRITE_AUTH,
    response={**WRITE},
    summary="The no-strike list of an area on a date (GeoJSON, KML or CSV)",
    description=f"Precautions in attack ({cite('general.precautions_in_attack')}). {WHO} Each "
    "item: its protection in force on the date, its citations, its buffer and its source.",
    openapi_extra=media("application/geo+json", "the list as GeoJSON, KML or CSV"),
)
def nostrike_list(
    request, bbox: str, on: IsoDate, format: Literal["geojson", "kml", "csv"] = "geojson"
):
    check(request.user)
    try:
        box = parse_bbox(bbox)
    except BadBBox as exc:
        raise RecordInvalid([FieldError("bbox", str(exc))]) from None
    result = nostrike.items(request.user, box, on, lang=reader_lang())
    text, kind = nostrike.render(result, format)
    response = HttpResponse(text, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="nostrike-{on.isoformat()}.{format}"'
    return response


__all__ = ["outputs", "router"]
