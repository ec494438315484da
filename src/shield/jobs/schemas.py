"""What the jobs' endpoints answer: a job started (202), and a job's status and outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from shield.core.schemas import ErrorCountOut, Sparse, sometimes

JobStatus = Literal["queued", "running", "done", "failed"]


class JobStarted(Schema):
    """The answer (202) of an import or export that became a job."""

    job: str = Field(description="the job's id")
    status: JobStatus
    status_url: str = Field(description="GET it for status, progress and outcome")
    page_url: str = Field(description="the job's page, with a progress bar")


class JobProgress(Schema):
    phase: str
    done: int
    total: int | None = None


class JobResultOut(Sparse):
    """A done job's outcome: an import's counts and its audit entry, or an export's format,
    records and bytes; ``expired`` once its files were pruned (``SHIELD_JOBS_KEEP_DAYS``).
    Only the keys of the job's kind are present."""

    total: int = sometimes(description="an import: rows read")
    created: int = sometimes(description="an import: records created")
    updated: int = sometimes(description="an import: records changed")
    unchanged: int = sometimes(description="an import: records the file left as they were")
    dry_run: bool = sometimes(description="an import: checked only, nothing written")
    audit_entry: int | None = Field(
        None, description="an import: the seq of its audit entry; null when nothing was written"
    )
    sha256: str = sometimes(description="an import: the file's SHA-256")
    workers: int = sometimes(
        description="an import: processes that cleaned the rows (0: the worker alone)"
    )
    format: Literal["csv", "geojson"] = sometimes(description="an export: the file's format")
    records: int = sometimes(description="an export: records written")
    bytes: int = sometimes(description="an export: the file's size")
    expired: bool = sometimes(description="true once the job's files were pruned")


class FailureLineOut(Schema):
    field: str = Field(description="where: `row 12: name`, `file`...")
    message: str


class JobFailureOut(Sparse):
    """A failed job's report: an import refused whole (its first errors, counts by field and
    reason, the total), or one line saying why the job stopped (then only ``error`` and an
    empty ``errors``)."""

    error: str
    errors: list[FailureLineOut]
    total: int = sometimes(description="an import: errors found")
    total_is_lower_bound: bool = sometimes(description="an import: checking stopped early")
    counts: list[ErrorCountOut] = sometimes(description="an import: errors by field and reason")


class JobOut(Schema):
    job: str
    kind: Literal["import", "export"]
    status: JobStatus
    progress: JobProgress
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    status_url: str
    page_url: str
    file: str | None = sometimes(description="an import's file name (null for an export)")
    result: JobResultOut | None = sometimes(description="a done job's outcome")
    result_url: str | None = sometimes(description="a done export: its file")
    failure: JobFailureOut | None = sometimes(description="a failed job's report")
