"""Market screening: batches of listings (auction lots, marketplace offers) linked to the
stolen register and the national inventories; the candidate pairs a person reviews; each
review's decision."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

AGAINST = [
    ("stolen", _("Stolen register")),
    ("inventory", _("National inventories")),
    ("both", _("Both")),
]
ENGINES = [("duckdb", "DuckDB"), ("spark", "Spark")]
DECISIONS = [
    ("confirmed", _("Confirmed")),
    ("rejected", _("Rejected")),
    ("unsure", _("Unsure")),
]


class Batch(models.Model):
    """One screening: who, when, against which register, under which model, and its counts."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [
        (QUEUED, _("Queued")),
        (RUNNING, _("Running")),
        (DONE, _("Done")),
        (FAILED, _("Failed")),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=32, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    source_name = models.CharField(max_length=300, blank=True)
    against = models.CharField(max_length=10, choices=AGAINST)
    engine = models.CharField(max_length=10, choices=ENGINES, default="duckdb")
    threshold = models.FloatField()
    model_version = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    error = models.TextField(blank=True)
    listings_count = models.PositiveIntegerField(default=0)
    register_count = models.PositiveIntegerField(default=0)
    compared = models.BigIntegerField(default=0)
    candidates_count = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code


class Listing(models.Model):
    """A listing as imported (its own fields, the marketplace and address it came from, its
    photographs' hashes)."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="listings")
    row = models.PositiveIntegerField(help_text="its row or position in the file, from 1")
    ref = models.CharField(max_length=200, help_text="the listing's id in the file")
    title = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    object_type = models.CharField(max_length=200, blank=True)
    materials = models.CharField(max_length=500, blank=True)
    measurements = models.CharField(max_length=300, blank=True)
    date = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=35, blank=True)
    marketplace = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=1000, blank=True)
    images = models.JSONField(
        default=list, blank=True, help_text="[{filename, sha256, phash, dhash}]"
    )
    traced = models.ForeignKey(
        "provenance.TracedObject",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["batch", "row"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "ref"], name="market_listing_ref_once")
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"


class Candidate(models.Model):
    """A pair (listing, register object) the linkage scored above the batch's threshold."""

    OPEN = "open"
    STATUSES = [(OPEN, _("To review")), *DECISIONS]

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="candidates")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="candidates")
    register = models.CharField(max_length=10, choices=AGAINST[:2])
    entry = models.ForeignKey(
        "provenance.RegisterEntry",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    property = models.ForeignKey(
        "registry.CulturalProperty",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    record_ref = models.CharField(max_length=64)
    probability = models.FloatField()
    weight = models.FloatField()
    evidence = models.JSONField(default=list, help_text="[{field, level, weight, listing, record}]")
    image = models.JSONField(null=True, blank=True, help_text="{bits, listing_image, photo}")
    status = models.CharField(max_length=10, choices=STATUSES, default=OPEN)

    class Meta:
        ordering = ["-probability", "-weight", "id"]
        indexes = [models.Index(fields=["batch", "status", "probability"])]


class Decision(models.Model):
    """A person's review of a candidate: confirmed, rejected or unsure, and why."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=10, choices=DECISIONS)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    case = models.ForeignKey(
        "provenance.ReturnCase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["decided_at", "id"]


class WindowHashes(models.Model):
    """A register photograph's window hashes (``shield.matching.image_index.register_hashes``),
    computed once and kept, keyed by the SHA-256 of the photograph's original: a screening reads
    them instead of decoding and hashing every register photograph again. ``scheme`` names the
    windows and the hash (``image_index.SCHEME``): hashes of another scheme are made anew."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    scheme = models.CharField(max_length=32)
    hashes = models.TextField(help_text="16 hexadecimal digits a window, in the scheme's order")
    made_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.sha256[:12]} {self.scheme}"
