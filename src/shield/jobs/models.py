"""A job: an import or an export that runs on the task worker, not inside a request.

The task framework's own table (django_tasks_db) holds the queue; a Job holds what the
product needs of it: who started it, what it does, its status, its outcome. Its progress
lives in a small file beside its other files (``work.progress_of``), because an import
writes inside one transaction that, on SQLite, holds the write lock until it ends.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Job(models.Model):
    IMPORT, EXPORT = "import", "export"
    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    KINDS = [(IMPORT, "import"), (EXPORT, "export")]
    STATUSES = [(QUEUED, "queued"), (RUNNING, "running"), (DONE, "done"), (FAILED, "failed")]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=KINDS)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="who started it; none: an anonymous public export, readable by its id",
    )
    params = models.JSONField(default=dict)  # import: name, dry_run; export: format
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    result = models.JSONField(null=True, blank=True)  # counts and the audit entry, or the file
    report = models.JSONField(null=True, blank=True)  # on failure: the bounded error report
    error = models.TextField(blank=True)  # on failure: what went wrong, in one line
    task_id = models.CharField(max_length=64, blank=True)  # the task framework's result id
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)
