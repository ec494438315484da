"""The jobs' endpoints: a job's status, progress, outcome, and an export's file."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from django.http import FileResponse, Http404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from . import work
from .models import Job

router = Router(tags=["jobs"])

ERROR = dict  # {error, errors: [{field, message}]}
"""The error body of every status below (400: a NUL character in the request; 404: no such
job among the user's; 409: not done yet; 422: an id that is not a UUID)."""


class JobStarted(Schema):
    """The answer (202) of an import or export that became a job."""

    job: str = Field(description="the job's id")
    status: Literal["queued", "running", "done", "failed"]
    status_url: str = Field(description="GET it for status, progress and outcome")
    page_url: str = Field(description="the job's page, with a progress bar")


class JobProgress(Schema):
    phase: str
    done: int
    total: int | None = None


class JobOut(Schema):
    job: str
    kind: Literal["import", "export"]
    status: Literal["queued", "running", "done", "failed"]
    progress: JobProgress
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    status_url: str
    page_url: str
    file: str | None = Field(None, description="an import's file name")
    result: dict[str, Any] | None = Field(
        None,
        description="done: an import's counts (created, updated, unchanged, total, dry_run) and "
        "its audit entry; an export's format, records and bytes",
    )
    result_url: str | None = Field(None, description="a done export: its file")
    failure: dict[str, Any] | None = Field(
        None,
        description="failed: {error, errors (the first 100), total, total_is_lower_bound, counts "
        "by field and reason}",
    )


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
