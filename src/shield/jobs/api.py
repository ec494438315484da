"""The jobs' endpoints: a job's status, progress, outcome, and an export's file."""

from __future__ import annotations

import uuid

from django.http import FileResponse, Http404
from ninja import Router
from ninja.errors import HttpError

from . import work
from .models import Job
from .schemas import JobOut

router = Router(tags=["jobs"])

ERROR = dict  # {error, errors: [{field, message}]}
"""The error body of every status below (400: a NUL character in the request; 404: no such
job among the user's; 409: not done yet; 422: an id that is not a UUID)."""


def started(job: Job) -> dict:
    return {"job": str(job.pk), "status": job.status, **work.urls(job)}


def readable(request, job_id: uuid.UUID) -> Job:
    """The job, for whoever may read it; anyone else is told there is no such job."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not work.may_read(request.user, job):
        raise Http404(f"no job {job_id}")
    return job


@router.get(
    "/jobs/{job_id}",
    response={200: JobOut, 400: ERROR, 404: ERROR, 422: ERROR},
    summary="A job's status, progress and outcome",
)
def job_status(request, job_id: uuid.UUID):
    return work.describe(readable(request, job_id))


@router.get(
    "/jobs/{job_id}/result",
    response={200: None, 400: ERROR, 404: ERROR, 409: ERROR, 422: ERROR},
    summary="A done export job's file, streamed",
)
def job_result(request, job_id: uuid.UUID):
    job = readable(request, job_id)
    path = work.result_file(job)
    if path is None:
        if job.kind == Job.EXPORT and not job.finished:
            raise HttpError(409, f"job {job.pk} is {job.status}: its file is not ready")
        raise Http404(f"job {job.pk} has no file")
    fmt = job.params.get("format", "csv")
    response = FileResponse(
        open(path, "rb"),
        as_attachment=True,
        filename=path.name,
        content_type=work.CONTENT_TYPES[fmt],
    )
    return response
