"""A large screening as a task of Django's task framework (``shield worker`` runs it, beside the
jobs). The targets wait in ``SHIELD_JOBS_DIR/screening/<id>/`` with the run's progress; the
result is written there in the format asked for, read back by whoever started the run."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from shield.core.errors import RecordInvalid

from .models import ScreeningRun

RESULT = {"json": "result.json", "csv": "result.csv", "geojson": "result.geojson"}


def job_from() -> int:
    """Bytes of targets from which an API screening runs as a job."""
    return int(getattr(settings, "SHIELD_SCREEN_JOB_FROM", 256 * 1024))


def folder_of(run: ScreeningRun) -> Path:
    return Path(settings.SHIELD_JOBS_DIR) / "screening" / str(run.pk)


def write_progress(run: ScreeningRun, phase: str, done: int, total: int | None) -> None:
    path = folder_of(run) / "progress.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"phase": phase, "done": done, "total": total}))
    os.replace(tmp, path)


def progress_of(run: ScreeningRun) -> dict:
    try:
        found = json.loads((folder_of(run) / "progress.json").read_text())
        return {"phase": str(found["phase"]), "done": int(found["done"]), "total": found["total"]}
    except (OSError, ValueError, KeyError):
        return {"phase": run.status, "done": 0, "total": None}


def result_file(run: ScreeningRun) -> Path | None:
    path = folder_of(run) / RESULT.get(run.params.get("format", "json"), "result.json")
    return path if run.status == ScreeningRun.DONE and path.is_file() else None


def start(
    user,
    content: bytes,
    name: str,
    on: date,
    radius_m: float,
    reverse: bool,
    fmt: str,
    buffers: dict | None,
    lang: str,
) -> ScreeningRun:
    run = ScreeningRun.objects.create(
        kind=ScreeningRun.REVERSE if reverse else ScreeningRun.SCREEN,
        user=user,
        on=on,
        params={
            "radius_m": radius_m,
            "buffers": buffers or {},
            "name": name[:300],
            "format": fmt,
            "lang": lang,
        },
    )
    folder = folder_of(run)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "targets").write_bytes(content)
    write_progress(run, "queued", 0, None)
    run_screening.enqueue(str(run.pk))
    return run


@task()
def run_screening(run_id: str) -> dict:
    from . import outputs, service, targets

    run = ScreeningRun.objects.select_related("user").get(pk=run_id)
    if run.status != ScreeningRun.QUEUED:
        return {"status": run.status}
    run.status = ScreeningRun.RUNNING
    run.save(update_fields=["status"])
    folder = folder_of(run)
    try:
        content = (folder / "targets").read_bytes()
        found = targets.read(content, run.params.get("name", ""))
        result = service.screen(
            run.user,
            found,
            run.on,
            float(run.params.get("radius_m", 0.0)),
            reverse=run.kind == ScreeningRun.REVERSE,
            buffers=run.params.get("buffers") or None,
            lang=run.params.get("lang", "en"),
            source=content,
            name=run.params.get("name", ""),
            run=run,
            progress=lambda phase, done, total: write_progress(run, phase, done, total),
        )
        fmt = run.params.get("format", "json")
        text, _type = outputs.render(result, fmt)
        (folder / RESULT[fmt]).write_text(text, encoding="utf-8")
        write_progress(run, "done", len(found), len(found))
    except RecordInvalid as exc:
        run.status, run.error = ScreeningRun.FAILED, str(exc)[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        write_progress(run, "failed", 0, None)
    finally:
        (folder / "targets").unlink(missing_ok=True)
    return {"status": run.status}
