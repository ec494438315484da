"""Field forms kept: each form definition, its mapping, each import, each submission, and
the places a survey named that the registry does not know yet (to review).

Imported by ``models`` so that Django finds them in the monitoring app.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class FieldForm(models.Model):
    """A form definition, per form id and version (pyxform's JSON form, as read)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form_id = models.CharField(max_length=200)
    version = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300, blank=True)
    definition = models.JSONField()
    filename = models.CharField(max_length=300, blank=True)
    mapping = models.JSONField(
        default=dict, blank=True, help_text="the mapping to our fields (see fieldforms.mapping)"
    )
    mapping_confirmed = models.BooleanField(
        default=False, help_text="a person confirmed or edited the proposed mapping"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        unique_together = [("form_id", "version")]
        ordering = ["form_id", "version"]

    def __str__(self) -> str:
        return f"{self.form_id} {self.version}".strip()


class FieldImport(models.Model):
    """One import of one export: what it did (counts, report) and what undoes it."""

    PREVIEW, QUEUED, RUNNING, DONE, FAILED, UNDONE = (
        "preview",
        "queued",
        "running",
        "done",
        "failed",
        "undone",
    )
    STATUSES = [(s, s) for s in (PREVIEW, QUEUED, RUNNING, DONE, FAILED, UNDONE)]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form = models.ForeignKey(FieldForm, on_delete=models.PROTECT, related_name="imports")
    filename = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=STATUSES, default=PREVIEW)
    options = models.JSONField(default=dict, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True)
    progress = models.JSONField(default=dict, blank=True)
    undo = models.JSONField(
        default=list, blank=True, help_text="what the import changed: [{submission, before}]"
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class PlaceToReview(models.Model):
    """A place a survey named that matches no property: kept with the survey's own
    identifiers until a person links it to a property (or records a new one)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form = models.ForeignKey(FieldForm, on_delete=models.PROTECT, related_name="places")
    site_id = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=300, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    boundary = models.JSONField(
        null=True, blank=True, help_text="the survey's geoshape (GeoJSON Polygon), if mapped"
    )
    property = models.ForeignKey(
        "registry.CulturalProperty",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the property it was found to be, once reviewed",
    )
    created_in = models.ForeignKey(
        FieldImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="places"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]


class FieldSubmission(models.Model):
    """One submission as the survey gave it (every answer, repeat and unknown column kept),
    where it went (an assessment or incident, or a place to review) and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uuid = models.CharField(max_length=200, unique=True)
    form = models.ForeignKey(FieldForm, on_delete=models.PROTECT, related_name="submissions")
    version = models.CharField(max_length=200, blank=True)
    digest = models.CharField(max_length=64, help_text="SHA-256 of its content")
    data = models.JSONField(default=dict)
    site_id = models.CharField(max_length=200, blank=True)
    site_name = models.CharField(max_length=300, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    altitude = models.FloatField(null=True, blank=True)
    accuracy = models.FloatField(null=True, blank=True)
    match = models.JSONField(default=dict, blank=True, help_text="{how, why, distance_m}")
    assessment = models.ForeignKey(
        "monitoring.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="field_submissions",
    )
    incident = models.ForeignKey(
        "monitoring.Incident",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="field_submissions",
    )
    place = models.ForeignKey(
        PlaceToReview,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    files = models.JSONField(default=list, blank=True, help_text="[{filename, evidence, url}]")
    replaces = models.JSONField(default=list, blank=True, help_text="uuids it replaced (edits)")
    last_import = models.ForeignKey(
        FieldImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
