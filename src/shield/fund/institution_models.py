"""Reports (provisions ``reports``, ``reports.translations``, ``committee.reports``), the
Meeting of the Parties (``meeting``) and dissemination (``dissemination``, ``cooperation``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

MEASURE_CHOICES = [
    ("public_information", _("information and education of the public")),
    ("dissemination", _("dissemination of the Protocol")),
    ("military_instructions", _("military regulations and instructions")),
    ("training", _("peacetime training and educational programmes")),
    ("communication", _("information communicated to the other Parties")),
    ("legislation", _("laws and administrative provisions communicated")),
    ("cooperation", _("cooperation on serious violations")),
]
MEETING_KINDS = [("ordinary", _("ordinary")), ("extraordinary", _("extraordinary"))]


class ReportingCycle(models.Model):
    """A reporting cycle set by the Committee: its period and the day reports fall due; it may
    cover the Convention and both Protocols at once (``covers``)."""

    ref = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    period_from = models.DateField()
    period_to = models.DateField()
    due_on = models.DateField()
    covers = models.JSONField(default=list, help_text="convention, first_protocol, protocol")
    session = models.ForeignKey(
        "listing.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    synthetic = models.BooleanField(default=False)

    class Meta:
        app_label = "fund"
        ordering = ["-due_on"]

    def __str__(self) -> str:
        return self.ref


class PartyReport(models.Model):
    """A Party's report for a cycle: received, then published."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.PROTECT, related_name="reports")
    state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField()
    published_on = models.DateField(null=True, blank=True)
    document = models.CharField(max_length=300, blank=True)
    languages = models.JSONField(default=list, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        app_label = "fund"
        ordering = ["cycle", "state__code"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "state"], name="one_report_per_cycle")
        ]


class ReportComment(models.Model):
    """The Committee's comment on a Party's report, or its request for clarification."""

    report = models.ForeignKey(PartyReport, on_delete=models.PROTECT, related_name="comments")
    session = models.ForeignKey(
        "listing.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commented_on = models.DateField()
    text = models.TextField()
    clarification = models.BooleanField(default=False)

    class Meta:
        app_label = "fund"
        ordering = ["commented_on", "id"]


class Translation(models.Model):
    """An official translation of the Protocol a Party communicated to the Director-General."""

    state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=12, help_text="BCP 47, e.g. nb, hy, az")
    communicated_on = models.DateField()
    title = models.CharField(max_length=300, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        app_label = "fund"
        ordering = ["state__code", "language"]
        constraints = [
            models.UniqueConstraint(fields=["state", "language"], name="one_translation")
        ]


class Meeting(models.Model):
    """A Meeting of the Parties: ordinary (with the General Conference) or extraordinary (at
    the request of one-fifth of the Parties)."""

    ref = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=14, choices=MEETING_KINDS)
    held_on = models.DateField()
    general_conference = models.CharField(max_length=120, blank=True)
    requested_by = models.JSONField(default=list, blank=True)
    requested_on = models.DateField(null=True, blank=True)
    election = models.ForeignKey(
        "parties.Election", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        app_label = "fund"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.ref


class GuidelinesEndorsement(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="guidelines")
    title = models.CharField(max_length=300)
    version = models.CharField(max_length=40, blank=True)

    class Meta:
        app_label = "fund"
        ordering = ["id"]


class FundSupervision(models.Model):
    """The Meeting's supervision of the use of the Fund over a period, with the statement's
    totals as they stood when it was recorded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="supervisions")
    period_from = models.DateField()
    period_to = models.DateField()
    totals = models.JSONField(default=dict)
    note = models.TextField(blank=True)

    class Meta:
        app_label = "fund"
        ordering = ["id"]


class CommitteeReport(models.Model):
    """The Committee's report on the implementation of the Protocol, for a Meeting."""

    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="committee_reports"
    )
    cycle = models.ForeignKey(
        ReportingCycle, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    adopted_on = models.DateField()
    text = models.TextField(blank=True)

    class Meta:
        app_label = "fund"
        ordering = ["-adopted_on"]


class Measure(models.Model):
    """A measure or programme a Party reports under dissemination and cooperation."""

    state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=24, choices=MEASURE_CHOICES)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        app_label = "fund"
        ordering = ["-year", "state__code", "kind"]
