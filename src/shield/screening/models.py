"""A screening run (kept for every run: who, when, for which date, what it found, in counts)
and a property's own buffer."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ScreeningRun(models.Model):
    SCREEN, REVERSE, NOSTRIKE = "screen", "reverse", "nostrike"
    KINDS = [
        (SCREEN, "targets screened"),
        (REVERSE, "objectives' vicinity"),
        (NOSTRIKE, "no-strike list"),
    ]
    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "queued"), (RUNNING, "running"), (DONE, "done"), (FAILED, "failed")]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=KINDS)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on = models.DateField(help_text="the date of the operation: protection in force that day")
    params = models.JSONField(default=dict)  # radius, buffers, format, bbox, file name
    sha256 = models.CharField(max_length=64, blank=True)  # of the targets as received
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    counts = models.JSONField(default=dict)  # targets, sites, hits
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} run {self.pk} ({self.status})"


class PropertyBuffer(models.Model):
    """A property's own buffer: it replaces its levels' buffers in every screening."""

    property = models.OneToOneField(
        "registry.CulturalProperty", on_delete=models.CASCADE, related_name="screening_buffer"
    )
    buffer_m = models.FloatField()
    reason = models.CharField(max_length=500)
    set_at = models.DateTimeField(default=timezone.now)
