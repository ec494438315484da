"""Missions, condition assessments, incident reports and evidence with its chain of custody."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import vocab


class Mission(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=300)
    mandate = models.TextField()
    requesting_body = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=vocab.MISSION_STATUSES, default="proposed")
    team = models.JSONField(default=list, blank=True, help_text="[{name, role, organisation}]")
    areas = models.JSONField(default=list, blank=True, help_text="names of areas")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    properties = models.ManyToManyField(
        "registry.CulturalProperty", blank=True, related_name="missions"
    )
    # Invented for the demo (or a test): every page and answer that shows the record says so.
    synthetic = models.BooleanField(default=False, help_text="invented demo data, not a finding")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Consent(models.Model):
    """The consent of one party to a mission: requested, granted, refused or no answer."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="consents")
    state = models.ForeignKey("parties.State", on_delete=models.PROTECT)
    status = models.CharField(max_length=20, choices=vocab.CONSENT_STATUSES, default="requested")
    requested_on = models.DateField()
    answered_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        unique_together = [("mission", "state")]
        ordering = ["state__code"]


class AccessRefusal(models.Model):
    """A refusal of access: a fact of its own, attributed and dated."""

    mission = models.ForeignKey(
        Mission, null=True, blank=True, on_delete=models.CASCADE, related_name="refusals"
    )
    property = models.ForeignKey(
        "registry.CulturalProperty",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="access_refusals",
    )
    refused_by = models.ForeignKey("parties.State", null=True, blank=True, on_delete=models.PROTECT)
    refused_by_label = models.CharField(
        max_length=300, blank=True, help_text="who refused, when not a State"
    )
    refused_on = models.DateField()
    description = models.TextField(blank=True)
    source = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["refused_on"]


class Assessment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Invented for the demo (or a test): every page and answer that shows the record says so.
    synthetic = models.BooleanField(default=False, help_text="invented demo data, not a finding")
    property = models.ForeignKey(
        "registry.CulturalProperty", on_delete=models.PROTECT, related_name="assessments"
    )
    mission = models.ForeignKey(
        Mission, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments"
    )
    assessed_on = models.DateField(db_index=True)
    method = models.CharField(max_length=10, choices=vocab.METHODS)
    image_date = models.DateField(null=True, blank=True)
    image_provider = models.CharField(max_length=200, blank=True)
    condition = models.CharField(max_length=20, choices=vocab.CONDITIONS)
    damage_extent = models.CharField(max_length=20, choices=vocab.DAMAGE_EXTENTS, default="unknown")
    disturbances = models.JSONField(
        default=list, blank=True, help_text="[{category, cause, certainty, occurred, from, to}]"
    )
    threats = models.JSONField(default=list, blank=True, help_text="[{category, probability}]")
    priority = models.CharField(max_length=20, choices=vocab.PRIORITIES, blank=True)
    assessor = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    lat = models.FloatField(null=True, blank=True, help_text="where it was assessed (field GPS)")
    lon = models.FloatField(null=True, blank=True)
    location_accuracy = models.FloatField(
        null=True, blank=True, help_text="metres, as the GPS said"
    )
    external_id = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessed_on", "created_at"]


class Incident(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Invented for the demo (or a test): every page and answer that shows the record says so.
    synthetic = models.BooleanField(default=False, help_text="invented demo data, not a finding")
    property = models.ForeignKey(
        "registry.CulturalProperty", on_delete=models.PROTECT, related_name="incidents"
    )
    reporter_kind = models.CharField(max_length=10, choices=vocab.REPORTER_KINDS)
    reporter_state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT
    )
    reporter_name = models.CharField(
        max_length=300, blank=True, help_text="the NGO, outlet or mission"
    )
    mission = models.ForeignKey(
        Mission, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    reported_on = models.DateField()
    occurred_on = models.DateField(null=True, blank=True)
    allegation = models.CharField(max_length=20, choices=vocab.ALLEGATIONS)
    description = models.TextField(blank=True)
    sources = models.JSONField(
        default=list, blank=True, help_text="[{title, url, date, independent}]"
    )
    status = models.CharField(max_length=20, choices=vocab.INCIDENT_STATUSES, default="reported")
    verified_by = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="verifies"
    )
    status_note = models.TextField(blank=True)
    facts = models.JSONField(default=dict, blank=True, help_text="facts for the treaty analysis")
    external_id = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reported_on", "created_at"]


class Evidence(models.Model):
    """A file, stored once by its SHA-256; the original is never changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Invented for the demo (or a test): every page and answer that shows the record says so.
    synthetic = models.BooleanField(default=False, help_text="invented demo data, not a finding")
    sha256 = models.CharField(
        max_length=64, db_index=True, help_text="the same content may be received more than once"
    )
    filename = models.CharField(max_length=300)
    media_type = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=10, choices=vocab.EVIDENCE_KINDS, default="other")
    size = models.BigIntegerField()
    property = models.ForeignKey(
        "registry.CulturalProperty",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    captured_at = models.DateTimeField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    device = models.CharField(max_length=200, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    source_url = models.URLField(max_length=2000, blank=True, help_text="where it was found online")
    collector = models.CharField(max_length=200, blank=True, help_text="who collected it")
    client_sha256 = models.CharField(
        max_length=64,
        blank=True,
        help_text="the SHA-256 the submitter computed, checked on receipt",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitting_state = models.ForeignKey(
        "parties.State",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the State whose officer submitted it: its officers hold the item",
    )

    class Meta:
        ordering = ["received_at"]


class CustodyEvent(models.Model):
    """One hand the item passed through. The handler is the authenticated user who recorded
    it and the time is the server's; what the client said (who, when) is kept beside them
    as a claim. Events are chained per item (``custodychain``: each hash covers the
    previous one and the item's SHA-256) and each is an audit entry (``audit_seq``).
    Events recorded before the chain existed have no ``seq`` and no hash: their handler and
    time are only as stated."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="custody")
    seq = models.PositiveIntegerField(
        null=True, blank=True, help_text="place in the item's chain (empty: before the chain)"
    )
    action = models.CharField(max_length=20, choices=vocab.CUSTODY_ACTIONS)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handler_label = models.CharField(
        max_length=200, blank=True, help_text="the authenticated user's name when recorded"
    )
    handler_role = models.CharField(max_length=20, blank=True)
    handler_state = models.CharField(
        max_length=3, blank=True, help_text="the State a party officer acted for"
    )
    at = models.DateTimeField(default=timezone.now, help_text="the server's time")
    stated_by = models.CharField(
        max_length=200, blank=True, help_text="who the client said handled it (a claim)"
    )
    stated_at = models.DateTimeField(
        null=True, blank=True, help_text="when the client said it happened (a claim)"
    )
    to = models.CharField(max_length=200, blank=True, help_text="to whom it was transferred")
    note = models.TextField(blank=True)
    sha256_checked = models.CharField(
        max_length=64, blank=True, help_text="the hash read at the event"
    )
    reference = models.CharField(
        max_length=200, blank=True, help_text="the package exported (its id), for an export"
    )
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    audit_seq = models.BigIntegerField(
        null=True, blank=True, help_text="the audit entry that records it"
    )

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "seq"], name="custody_seq_once_per_item")
        ]

    @property
    def chained(self) -> bool:
        return self.seq is not None


from .fieldforms_models import FieldForm, FieldImport, FieldSubmission, PlaceToReview  # noqa: E402

__all__ = [
    "AccessRefusal",
    "Assessment",
    "Consent",
    "CustodyEvent",
    "Evidence",
    "FieldForm",
    "FieldImport",
    "FieldSubmission",
    "Incident",
    "Mission",
    "PlaceToReview",
]
