"""The Fund's ledger, the Committee's decisions on the Fund and on international assistance,
and the requests for assistance. The rules are ``shield.treaty.institutions``; the writes are
``ledger.py``, ``decisions.py`` and ``assistance.py``. Reports, Meetings, dissemination: in
``institution_models.py``."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SOURCE_CHOICES = [
    ("a", _("voluntary contribution of a Party")),
    ("b.i", _("another State")),
    ("b.ii", _("UNESCO or another organization of the United Nations system")),
    ("b.iii", _("another intergovernmental or non-governmental organization")),
    ("b.iv", _("a public or private body or an individual")),
    ("c", _("interest accruing on the Fund")),
    ("d", _("collections and receipts from events")),
    ("e", _("other resources authorized by the guidelines")),
]
PURPOSE_CHOICES = [
    ("a", _("preparatory or other measures in peacetime")),
    ("b", _("emergency, provisional or other measures in armed conflict or recovery")),
]
MOTION_CHOICES = [
    ("programme", _("implement a programme or project")),
    ("grant", _("grant assistance")),
    ("refuse", _("refuse assistance")),
    ("defer", _("defer")),
]
TX_KINDS = [
    ("contribution", _("contribution")),
    ("allocation", _("allocation")),
    ("disbursement", _("disbursement")),
    ("release", _("release")),
    ("conversion", _("conversion")),
]
ASSISTANCE_KINDS = [
    ("enhanced", _("cultural property under enhanced protection")),
    ("preparatory", _("preparatory: laws, administrative provisions and measures")),
    ("emergency", _("emergency")),
    ("exceptional", _("with an exceptional grant of enhanced protection")),
]
CHANNELS = [
    ("committee", _("the Committee and the Fund")),
    ("unesco", _("UNESCO's technical assistance")),
]
ASSISTANCE_STATUS = [
    ("submitted", _("submitted")),
    ("on_agenda", _("on a session's agenda")),
    ("granted", _("granted")),
    ("refused", _("refused")),
    ("deferred", _("deferred")),
    ("accorded", _("accorded by UNESCO")),
    ("declined", _("declined by UNESCO")),
    ("closed", _("closed: use reported")),
]


class Acceptance(models.Model):
    """A party to a conflict that is not a Party accepts and applies the Protocol's provisions
    (provision ``protocol.non_party_acceptance``), which opens international assistance to it
    (``assistance.non_party``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    declared_on = models.DateField()
    conflict = models.CharField(max_length=300)
    source = models.CharField(max_length=300, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["declared_on"]


class AssistanceRequest(models.Model):
    """A request for international assistance: from the Committee (and the Fund), or UNESCO's
    technical assistance (``assistance.unesco``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ref = models.CharField(max_length=20, unique=True)
    state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    acceptance = models.ForeignKey(
        Acceptance, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=CHANNELS, default="committee")
    kind = models.CharField(max_length=12, choices=ASSISTANCE_KINDS)
    title = models.CharField(max_length=300)
    description = models.TextField()
    property = models.ForeignKey(
        "registry.CulturalProperty",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    listing_request = models.ForeignKey(
        "listing.Request", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    conflict_parties = models.JSONField(default=list, blank=True)
    submitted_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ASSISTANCE_STATUS, default="submitted", db_index=True
    )
    session = models.ForeignKey(
        "listing.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.TextField(blank=True)
    response = models.TextField(blank=True, help_text="UNESCO's answer (technical assistance)")
    responded_on = models.DateField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_on", "-created_at"]

    def __str__(self) -> str:
        return self.ref


class FundDecision(models.Model):
    """A motion of the Committee at a session on the use of the Fund (``committee.fund_use``)
    or on a request for assistance (``committee.assistance``), each member's vote and the
    outcome of ``shield.treaty.votes.decide``. A carried programme or grant is a purpose the
    Fund may be used for (``fund.decided_purposes``), up to ``amount``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ref = models.CharField(max_length=40, unique=True)
    session = models.ForeignKey("listing.Session", on_delete=models.PROTECT, related_name="+")
    motion = models.CharField(max_length=10, choices=MOTION_CHOICES)
    title = models.CharField(max_length=300)
    purpose_clause = models.CharField(max_length=1, choices=PURPOSE_CHOICES, blank=True)
    amount = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    request = models.ForeignKey(
        AssistanceRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    votes = models.JSONField(default=dict)
    carried = models.BooleanField()
    finding = models.JSONField(default=dict)
    decided_on = models.DateField()
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["decided_on", "ref"]

    def __str__(self) -> str:
        return self.ref

    @property
    def is_purpose(self) -> bool:
        return self.carried and self.motion in ("programme", "grant")


class Transaction(models.Model):
    """One movement of the ledger; its entries balance in each currency."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.PositiveIntegerField(unique=True)
    kind = models.CharField(max_length=12, choices=TX_KINDS)
    on = models.DateField()
    source = models.CharField(max_length=5, choices=SOURCE_CHOICES, blank=True)
    contributor_state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contributor = models.CharField(max_length=300, blank=True)
    decision = models.ForeignKey(
        FundDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    earmark = models.ForeignKey(
        FundDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="earmarked"
    )
    recipient = models.CharField(max_length=300, blank=True)
    reference = models.CharField(max_length=300, blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["on", "number"]

    def __str__(self) -> str:
        return f"T{self.number}"


class Entry(models.Model):
    """A line of a transaction: ``amount`` is positive for a debit, negative for a credit.

    Accounts: ``pool:free`` (the Fund's resources not yet earmarked or allocated),
    ``pool:earmark:<decision>``, ``pool:allocated:<decision>`` (assets held); ``income:<source>``
    (resources received, by source); ``paid:<decision>`` (disbursed); ``exchange`` (currency
    conversions)."""

    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="entries")
    account = models.CharField(max_length=80, db_index=True)
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=20, decimal_places=4)

    class Meta:
        ordering = ["transaction__number", "id"]


class UseReport(models.Model):
    """The recipient's report on the use of the assistance granted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(AssistanceRequest, on_delete=models.PROTECT, related_name="uses")
    reported_on = models.DateField()
    amount_used = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    text = models.TextField()
    final = models.BooleanField(default=True)

    class Meta:
        ordering = ["reported_on"]


from .institution_models import (  # noqa: E402, F401
    CommitteeReport,
    FundSupervision,
    GuidelinesEndorsement,
    Measure,
    Meeting,
    PartyReport,
    ReportComment,
    ReportingCycle,
    Translation,
)
