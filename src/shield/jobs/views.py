"""A job's page: its status and a progress bar that refreshes itself until the job ends."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import work
from .models import Job

STATUS_LABELS = {
    Job.QUEUED: _("waiting for the worker"),
    Job.RUNNING: _("running"),
    Job.DONE: _("done"),
    Job.FAILED: _("failed"),
}
PHASE_LABELS = {
    "queued": _("waiting for the worker"),
    "reading": _("reading the file"),
    "validating": _("checking the rows"),
    "validating and writing": _("checking and writing the rows"),
    "writing": _("writing the records"),
    "exporting": _("writing the file"),
}
REFRESH_SECONDS = 2
FAILURE_TEXTS = {  # failures the worker names in English, on the page in the reader's language
    work.STALE_ERROR: _(
        "The worker stopped before the job ended (it was killed or its machine stopped). "
        "Nothing of it was kept: start it again."
    ),
}


def job_page(request, job_id: uuid.UUID):
    job = Job.objects.filter(pk=job_id).first()
    if job is not None and job.user_id is not None and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if job is None or not work.may_read(request.user, job):
        raise Http404("no such job")
    info = work.describe(job)
    progress = info["progress"]
    done, total = progress.get("done") or 0, progress.get("total")
    if job.status == Job.DONE and not total:
        done = total = 1
    percent = min(100, round(100 * done / total)) if total else None
    return render(
        request,
        "jobs/job.html",
        {
            "job": job,
            "info": info,
            "status_label": STATUS_LABELS.get(job.status, job.status),
            "phase_label": PHASE_LABELS.get(progress.get("phase", ""), progress.get("phase", "")),
            "done": done,
            "total": total,
            "percent": percent,
            "refresh": None if job.finished else REFRESH_SECONDS,
            "failure": info["failure"],
            "failure_text": FAILURE_TEXTS.get(job.error, job.error),
            "expired": bool((job.result or {}).get("expired")),
            "keep_days": settings.SHIELD_JOBS_KEEP_DAYS,
        },
    )
