"""Imports and exports as jobs: started by a request, run by the task worker.

A request only checks what can be checked quickly (the file's encoding and its first rows,
``transfer.preflight``), stores the file and queues the job; the worker runs the same
import as the CLI (``transfer.import_bytes``: all or nothing, one audit entry, the same
checks per row) or writes the export with the same streaming writers, as the job's user.
Each job keeps its files in ``SHIELD_JOBS_DIR/<id>/``: the upload (removed when the
import ends), the export, and ``progress.json`` (phase, rows done, total), written at most
a few times a second by the worker and read by whoever asks for the job's status.

A running job's worker touches ``heartbeat`` every ``HEARTBEAT_EVERY`` seconds. A job still
"running" whose heartbeat is older than ``STALE_AFTER`` lost its worker (killed, or its
machine stopped): it is settled as failed when it is next read and when a worker starts
(``settle_stale``); an import in it left nothing behind, being all or nothing. Finished jobs'
files are removed after ``SHIELD_JOBS_KEEP_DAYS`` (``prune``): the job stays, marked expired.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone

from shield.accounts import roles
from shield.core.errors import error_body
from shield.registry import fileformats, transfer
from shield.registry.disclosure import visible_to

from .models import Job

UPLOAD = "upload"
PROGRESS = "progress.json"
HEARTBEAT = "heartbeat"
HEARTBEAT_EVERY = 5.0  # seconds between a running job's heartbeats
STALE_AFTER = 60.0  # seconds without a heartbeat after which a running job has lost its worker
EXPORT_FILES = {"csv": "heritage-shield.csv", "geojson": "heritage-shield.geojson"}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}


def jobs_dir() -> Path:
    return Path(settings.SHIELD_JOBS_DIR)


def folder_of(job: Job) -> Path:
    return jobs_dir() / str(job.pk)


def import_is_big(size: int) -> bool:
    return size >= settings.SHIELD_IMPORT_JOB_FROM


def export_is_big(records: int) -> bool:
    return records >= settings.SHIELD_EXPORT_JOB_FROM


# ---- starting -----------------------------------------------------------------------------


def check_quickly(user, content: bytes, name: str) -> None:
    """What a request checks before it queues an import: the file can be read as text, and
    its first rows (``transfer.preflight``) are not mostly errors. Raises ``ImportFailed``
    with the same report the full import would begin with. Bounded: a 50 MB file of garbage
    is refused in about a second."""
    try:
        text = fileformats.decode_text(content, name)
    except fileformats.FileUnreadable as exc:
        raise transfer.ImportFailed([transfer.RowError("file", "encoding", str(exc))], 0) from None
    kind = fileformats.sniff_format(name, text[:64].encode())
    transfer.preflight(user, kind, text)


def start_import(user, content: bytes, name: str, dry_run: bool) -> Job:
    """Store the file and queue its import; the worker runs it (``run``)."""
    job = Job.objects.create(kind=Job.IMPORT, user=user, params={"name": name, "dry_run": dry_run})
    folder = folder_of(job)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / UPLOAD).write_bytes(content)
    write_progress(job, "queued", 0, None)
    return _enqueue(job)


def start_export(user, fmt: str) -> Job:
    """Queue an export of what ``user`` may see. The same export already waiting or running
    for the same reader is answered instead of a second one."""
    owner = user if user is not None and user.is_authenticated else None
    waiting = Job.objects.filter(
        kind=Job.EXPORT, user=owner, status__in=[Job.QUEUED, Job.RUNNING], params__format=fmt
    ).first()
    if waiting is not None:
        return waiting
    job = Job.objects.create(kind=Job.EXPORT, user=owner, params={"format": fmt})
    folder_of(job).mkdir(parents=True, exist_ok=True)
    write_progress(job, "queued", 0, None)
    return _enqueue(job)


def _enqueue(job: Job) -> Job:
    from .tasks import run_job  # the task module imports this one

    result = run_job.enqueue(str(job.pk))
    job.task_id = str(result.id)
    job.save(update_fields=["task_id"])
    return job


# ---- running (in the worker) --------------------------------------------------------------


class Progress:
    """The ``phase`` and ``progress`` callbacks of the importers and writers, kept in the
    job's progress file (at most every ``every`` seconds, and at each new phase)."""

    def __init__(self, job: Job, every: float = 0.5):
        self.job, self.every = job, every
        self.name, self.done, self.total = "reading", 0, None
        self.written = 0.0
        self.write()

    def phase(self, name: str, total: int) -> None:
        self.name, self.done, self.total = name, 0, total
        self.write()

    def __call__(self, n: int) -> None:
        self.done += n
        if time.monotonic() - self.written >= self.every:
            self.write()

    def write(self) -> None:
        write_progress(self.job, self.name, self.done, self.total)
        self.written = time.monotonic()


def write_progress(job: Job, phase: str, done: int, total: int | None) -> None:
    path = folder_of(job) / PROGRESS
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"phase": phase, "done": done, "total": total}))
    os.replace(tmp, path)  # a reader sees the old file or the new one, never half of one


def progress_of(job: Job) -> dict:
    try:
        return json.loads((folder_of(job) / PROGRESS).read_text())
    except (OSError, ValueError):
        return {"phase": job.status, "done": 0, "total": None}


def run(job_id: str) -> dict:
    """Run one job to its end: done with its result, or failed with its report."""
    job = Job.objects.select_related("user").get(pk=job_id)
    if job.finished:
        return {"status": job.status}
    job.status, job.started_at = Job.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    progress = Progress(job)
    beating = _Heartbeat(folder_of(job) / HEARTBEAT)
    try:
        if job.kind == Job.IMPORT:
            job.result = _run_import(job, progress)
        else:
            job.result = _run_export(job, progress)
        job.status = Job.DONE
    except transfer.ImportFailed as exc:
        job.status, job.report = Job.FAILED, exc.report()
        job.error = _some_errors(job.report)
    except Exception as exc:
        job.status, job.error = (
            Job.FAILED,
            f"the job stopped on an unexpected error ({type(exc).__name__})",
        )
        raise  # the task framework records the traceback
    finally:
        beating.stop()
        progress.write()
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "result", "report", "error", "finished_at"])
        if job.kind == Job.IMPORT:
            (folder_of(job) / UPLOAD).unlink(missing_ok=True)  # imported or refused: not kept
    return {"status": job.status}


class _Heartbeat:
    """Touches ``path`` every ``HEARTBEAT_EVERY`` seconds from a thread of the worker, until
    stopped: the proof, to any reader, that the job still has a worker."""

    def __init__(self, path: Path):
        self.path, self.done = path, threading.Event()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch()
        self.thread = threading.Thread(target=self._beat, name="shield-job-heartbeat", daemon=True)
        self.thread.start()

    def _beat(self) -> None:
        while not self.done.wait(HEARTBEAT_EVERY):
            try:
                self.path.touch()
            except OSError:  # the folder went away: nothing left to prove
                return

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


def _last_heartbeat(job: Job) -> float | None:
    try:
        return (folder_of(job) / HEARTBEAT).stat().st_mtime
    except OSError:
        return None


def is_stale(job: Job, now: float | None = None) -> bool:
    """Whether ``job`` says "running" although no worker has given a heartbeat for
    ``STALE_AFTER`` seconds (its worker was killed or its machine stopped)."""
    if job.status != Job.RUNNING:
        return False
    now = time.time() if now is None else now
    beat = _last_heartbeat(job)
    if beat is None:
        beat = job.started_at.timestamp() if job.started_at else 0.0
    return now - beat > STALE_AFTER


STALE_ERROR = (
    "the worker stopped before the job ended (it was killed or its machine stopped); "
    "nothing of it was kept: start it again"
)


def settle(job: Job) -> Job:
    """Mark a stale job failed (see ``is_stale``), once: a later reader finds it settled."""
    if is_stale(job):
        updated = Job.objects.filter(pk=job.pk, status=Job.RUNNING).update(
            status=Job.FAILED, error=STALE_ERROR, finished_at=timezone.now()
        )
        if updated:
            (folder_of(job) / UPLOAD).unlink(missing_ok=True)
            _fail_task(job)
        job.refresh_from_db()
    return job


def _fail_task(job: Job) -> None:
    """The task framework's own record of the job says failed too (it would say running)."""
    from django_tasks_db.models import DBTaskResult

    if job.task_id:
        DBTaskResult.objects.filter(pk=job.task_id, status="RUNNING").update(
            status="FAILED", finished_at=timezone.now()
        )


def settle_stale() -> int:
    """Settle every stale job (a worker does it when it starts). Returns how many."""
    return sum(
        1 for job in Job.objects.filter(status=Job.RUNNING) if settle(job).status == Job.FAILED
    )


def prune(now=None) -> int:
    """Remove the files of jobs finished more than ``SHIELD_JOBS_KEEP_DAYS`` ago (exports are
    the big ones); each such job stays, its result marked ``expired``. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SHIELD_JOBS_KEEP_DAYS)
    pruned = 0
    old = Job.objects.filter(finished_at__lt=cutoff).filter(
        Q(result__isnull=True) | ~Q(result__has_key="expired")
    )
    for job in old.only("pk", "result", "kind"):
        shutil.rmtree(folder_of(job), ignore_errors=True)
        job.result = {**(job.result or {}), "expired": True}
        job.save(update_fields=["result"])
        pruned += 1
    return pruned


def _run_import(job: Job, progress: Progress) -> dict:
    content = (folder_of(job) / UPLOAD).read_bytes()
    dry_run = bool(job.params.get("dry_run"))
    result = transfer.import_bytes(
        job.user,
        content,
        job.params.get("name") or "upload",
        dry_run=dry_run,
        progress=progress,
        phase=progress.phase,
    )
    return {
        "total": result.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "dry_run": dry_run,
        "audit_entry": result.audit_entry,
        "sha256": result.sha256,
        "workers": result.workers,  # processes that cleaned the rows (0: the worker alone)
    }


def _run_export(job: Job, progress: Progress) -> dict:
    fmt = job.params.get("format", "csv")
    user = job.user or AnonymousUser()
    qs = visible_to(user)
    progress.phase("exporting", qs.count())
    path = folder_of(job) / EXPORT_FILES[fmt]
    tmp = path.with_suffix(".part")
    with open(tmp, "w", encoding="utf-8", newline="") as out:
        if fmt == "geojson":
            count = transfer.write_geojson(user, qs, out, progress)
        else:
            count = transfer.write_csv(user, qs, out, progress)
    os.replace(tmp, path)
    return {"format": fmt, "records": count, "bytes": path.stat().st_size}


# ---- reading ------------------------------------------------------------------------------


def may_read(user, job: Job) -> bool:
    """The user who started a job, or the Secretariat and administrators. A job nobody
    started (an anonymous reader's public export) is read by whoever has its id."""
    if job.user_id is None:
        return True
    if user is None or not user.is_authenticated:
        return False
    return user.pk == job.user_id or roles.is_staff_role(user)


def result_file(job: Job) -> Path | None:
    if job.kind != Job.EXPORT or job.status != Job.DONE:
        return None
    path = folder_of(job) / EXPORT_FILES[job.params.get("format", "csv")]
    return path if path.is_file() else None


def urls(job: Job) -> dict:
    return {"status_url": f"/api/jobs/{job.pk}", "page_url": f"/jobs/{job.pk}/"}


def describe(job: Job) -> dict:
    """A job as the API answers it: status, progress, result, the capped error report."""
    settle(job)
    out: dict[str, Any] = {
        "job": str(job.pk),
        "kind": job.kind,
        "status": job.status,
        "progress": progress_of(job),
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        **urls(job),
        "result": job.result,
        "result_url": None,
        "failure": None,
    }
    if job.kind == Job.IMPORT:
        out["file"] = job.params.get("name", "")
    if job.status == Job.DONE and job.kind == Job.EXPORT and result_file(job) is not None:
        out["result_url"] = f"/api/jobs/{job.pk}/result"
    if job.status == Job.FAILED:
        out["failure"] = (
            import_failure_body(job.report) if job.report else error_body(job.error or "failed")
        )
    return out


def _some_errors(report: dict) -> str:
    return f"nothing was imported: {report['total']}{' or more' if report['total_is_lower_bound'] else ''} error(s)"


def import_failure_body(report: dict) -> dict:
    """An import's errors, bounded (``fileformats.error_report``): the first ones by place and
    field, counts by field and reason, and the total. The API's import answers it (422) and a
    failed import job holds it."""
    return {
        **error_body(
            _some_errors(report),
            [
                {"field": f"{e['where']}: {e['field']}", "message": e["message"]}
                for e in report["shown"]
            ],
        ),
        "total": report["total"],
        "total_is_lower_bound": report["total_is_lower_bound"],
        "counts": report["counts"],
    }
