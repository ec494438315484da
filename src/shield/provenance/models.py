"""The register of stolen, looted, missing and illicitly exported objects; search and export
certificates; provenance; return and restitution cases."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import vocab


class ObjectId(models.Model):
    """The Object-ID description of a movable object (shared by the register's entries, the
    objects whose provenance is traced and the export certificates)."""

    object_type = models.CharField(max_length=200, blank=True)
    materials_techniques = models.CharField(max_length=500, blank=True)
    measurements = models.JSONField(
        default=list, blank=True, help_text="[{dimension, value, unit}]"
    )
    inscriptions_markings = models.TextField(blank=True)
    distinguishing_features = models.TextField(blank=True)
    title = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    date_period = models.CharField(max_length=200, blank=True)
    maker = models.CharField(max_length=300, blank=True)
    photographs = models.JSONField(default=list, blank=True, help_text="[{url, caption}]")
    text_lang = models.CharField(
        max_length=35, default="en", help_text="BCP 47 tag of the description's language"
    )

    class Meta:
        abstract = True

    def display(self) -> str:
        return self.title or self.object_type or "?"


class RegisterEntry(ObjectId):
    """One object reported stolen, looted, missing or illicitly exported."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(max_length=32, unique=True)
    reporting_state = models.ForeignKey("parties.State", on_delete=models.PROTECT)
    reported_on = models.DateField()
    lost_from = models.DateField(null=True, blank=True, help_text="earliest date of the loss")
    lost_to = models.DateField(null=True, blank=True, help_text="latest date of the loss")
    lost_place = models.CharField(max_length=300, blank=True)
    circumstances = models.CharField(max_length=40, choices=vocab.CIRCUMSTANCES)
    red_list_category = models.CharField(
        max_length=40, choices=vocab.RED_LIST_CATEGORIES, blank=True
    )
    # The police file: read in full only (never shown to a dealer or to the public).
    police_reference = models.CharField(max_length=200, blank=True)
    police_notes = models.TextField(blank=True)
    interpol_reference = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=vocab.STATUSES, default="reported")
    property = models.ForeignKey(
        "registry.CulturalProperty",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="losses",
    )
    synthetic = models.BooleanField(default=False, help_text="invented demo data, not a finding")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.display()}"


class SearchCertificate(models.Model):
    """The signed record of one due-diligence check: who asked, when, what, against which
    version of the register, and what was found. ``note`` is the signed text itself."""

    number = models.CharField(max_length=32, unique=True)
    issued_at = models.DateTimeField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    asked_by_label = models.CharField(max_length=150)
    query = models.JSONField()
    register_version = models.CharField(max_length=64)
    register_size = models.IntegerField()
    result = models.JSONField()
    note = models.TextField()
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-issued_at"]


class TracedObject(ObjectId):
    """An object whose provenance is traced (in a collection, on the market, or at a border)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=32, unique=True)
    origin_state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin_place = models.CharField(max_length=300, blank=True)
    holder = models.CharField(max_length=300, blank=True)
    listing_url = models.CharField(
        max_length=500, blank=True, help_text="a market listing offering the object"
    )
    register_entry = models.ForeignKey(
        RegisterEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="traced"
    )
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]


class ProvenanceEvent(models.Model):
    """One ownership or possession event; its date exact or a range (``on_from``..``on_to``)."""

    traced = models.ForeignKey(TracedObject, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=vocab.EVENT_KINDS)
    on_from = models.DateField()
    on_to = models.DateField()
    place = models.CharField(max_length=300, blank=True)
    parties = models.CharField(max_length=500, blank=True, help_text="from whom, to whom")
    documents = models.JSONField(default=list, blank=True, help_text="[{title, reference}]")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["on_from", "on_to", "id"]


class Upheaval(models.Model):
    """An armed conflict or occupation touching a State (or a place in it): a provenance that
    is silent over one is flagged."""

    state = models.ForeignKey("parties.State", on_delete=models.PROTECT)
    place = models.CharField(max_length=300, blank=True, help_text="empty: the whole State")
    kind = models.CharField(max_length=20, choices=vocab.UPHEAVAL_KINDS)
    name = models.CharField(max_length=300)
    began_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=500, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["began_on"]


class ExportCertificate(ObjectId):
    """An export certificate (the fields of the UNESCO-WCO Model Export Certificate)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(max_length=32, unique=True)
    issuing_state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    issuing_authority = models.CharField(max_length=300)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    issued_on = models.DateField()
    valid_until = models.DateField()
    export_type = models.CharField(max_length=20, choices=vocab.EXPORT_TYPES)
    return_by = models.DateField(null=True, blank=True)
    purpose = models.CharField(max_length=20, choices=vocab.EXPORT_PURPOSES)
    exporter_name = models.CharField(max_length=300)
    exporter_address = models.CharField(max_length=500)
    consignee_name = models.CharField(max_length=300)
    consignee_address = models.CharField(max_length=500)
    destination_state = models.ForeignKey(
        "parties.State", on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(default=1)
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    traced = models.ForeignKey(
        TracedObject, null=True, blank=True, on_delete=models.SET_NULL, related_name="exports"
    )
    search_certificate = models.ForeignKey(
        SearchCertificate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(help_text="the signed text")
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-issued_on", "number"]


class ReturnCase(models.Model):
    """A request for the return or restitution of cultural property."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=32, unique=True)
    title = models.CharField(max_length=300)
    claimant = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    holder = models.CharField(max_length=300, help_text="the State, museum or person holding")
    holder_state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    legal_basis = models.CharField(max_length=30, choices=vocab.LEGAL_BASES)
    status = models.CharField(max_length=20, choices=vocab.CASE_STATUSES, default="open")
    entries = models.ManyToManyField(RegisterEntry, blank=True, related_name="cases")
    traced = models.ManyToManyField(TracedObject, blank=True, related_name="cases")
    opened_on = models.DateField()
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_on", "code"]


class CaseStep(models.Model):
    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=20, choices=vocab.CASE_STEPS)
    on = models.DateField()
    note = models.TextField(blank=True)
    documents = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["on", "id"]


class CasePosition(models.Model):
    """A party's position, recorded as its claim (attributed, never adopted)."""

    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="positions")
    side = models.CharField(max_length=20, choices=vocab.PARTY_SIDES)
    party = models.CharField(max_length=300)
    stated_on = models.DateField()
    statement = models.TextField()
    source = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["stated_on", "id"]


class Photo(models.Model):
    """An uploaded photograph of a register entry or of a traced object: the original kept in the
    file store by its SHA-256 (``photos.store``), its perceptual hashes computed at upload."""

    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=300)
    size = models.BigIntegerField()
    media_type = models.CharField(max_length=100)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    phash = models.CharField(max_length=16)
    dhash = models.CharField(max_length=16)
    caption = models.CharField(max_length=300, blank=True)
    entry = models.ForeignKey(
        RegisterEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    traced = models.ForeignKey(
        TracedObject, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entry__isnull=False, traced__isnull=True)
                | models.Q(entry__isnull=True, traced__isnull=False),
                name="provenance_photo_of_one_object",
            )
        ]
