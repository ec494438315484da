"""A large field forms import as a task of Django's task framework (the worker that runs
the jobs runs it: ``shield worker``). The export waits in ``SHIELD_JOBS_DIR/fieldforms/<id>/``
and is removed when the import ends; its progress is a small file beside it (an import
writes in one transaction, which on SQLite holds the write lock until it ends)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .fieldforms_models import FieldForm, FieldImport


def folder_of(imp: FieldImport) -> Path:
    return Path(settings.SHIELD_JOBS_DIR) / "fieldforms" / str(imp.pk)


def write_progress(imp: FieldImport, phase: str, done: int, total: int | None) -> None:
    path = folder_of(imp) / "progress.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"phase": phase, "done": done, "total": total}))
    os.replace(tmp, path)


def progress_of(imp: FieldImport) -> dict:
    try:
        found = json.loads((folder_of(imp) / "progress.json").read_text())
        return {"phase": str(found["phase"]), "done": int(found["done"]), "total": found["total"]}
    except (OSError, ValueError, KeyError):
        n = int(imp.counts.get("new", 0) + imp.counts.get("updated", 0)) if imp.counts else 0
        return {"phase": imp.status, "done": n, "total": n if imp.status == "done" else None}


def start(user, obj: FieldForm, content: bytes, name: str, media, skip_invalid, radius_m):
    imp = FieldImport.objects.create(
        form=obj,
        filename=name[:300],
        sha256="",
        user=user if getattr(user, "pk", None) else None,
        status=FieldImport.QUEUED,
        options={"skip_invalid": skip_invalid, "radius_m": radius_m, "media": media is not None},
    )
    folder = folder_of(imp)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "export").write_bytes(content)
    if media is not None:
        (folder / "media").write_bytes(media)
    write_progress(imp, "queued", 0, None)
    run_field_import.enqueue(str(imp.pk))
    return imp


@task()
def run_field_import(import_id: str) -> dict:
    from . import fieldforms_import as ff

    imp = FieldImport.objects.select_related("form", "user").get(pk=import_id)
    if imp.status != FieldImport.QUEUED:
        return {"status": imp.status}
    folder = folder_of(imp)
    imp.status = FieldImport.RUNNING
    imp.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        write_progress(imp, "importing", done, total)

    try:
        media = (folder / "media").read_bytes() if (folder / "media").is_file() else None
        ff.run(
            imp.user,
            imp.form,
            (folder / "export").read_bytes(),
            imp.filename,
            media=media,
            skip_invalid=bool(imp.options.get("skip_invalid")),
            radius_m=float(imp.options.get("radius_m", 250.0)),
            progress=progress,
            record=imp,
        )
        write_progress(imp, "done", int(imp.report.get("submissions") or 0), None)
    except ff.ImportRefused as exc:
        imp.status, imp.error = FieldImport.FAILED, str(exc)
        imp.report = {**exc.report, "error_code": exc.code, "error_params": exc.params}
        imp.finished_at = timezone.now()
        imp.save(update_fields=["status", "report", "error", "finished_at"])
        write_progress(imp, "failed", 0, None)
    finally:
        for name in ("export", "media"):
            (folder / name).unlink(missing_ok=True)
    return {"status": imp.status}


def remove(imp: FieldImport) -> None:
    shutil.rmtree(folder_of(imp), ignore_errors=True)
