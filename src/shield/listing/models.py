"""Records of the enhanced-protection procedure (Arts. 10-14, 24, 26). The rules are in
``procedure.py``; the writes in ``services.py``."""

from __future__ import annotations

import builtins
import uuid

from django.db import models
from django.utils import timezone

from . import procedure as P


class TentativeEntry(models.Model):
    """Art. 11(1): property a Party intends to request enhanced protection for."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    property = models.ForeignKey("registry.CulturalProperty", on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["state__code", "submitted_on"]
        constraints = [models.UniqueConstraint(fields=["state", "property"], name="one_tentative_entry")]


class Initiative(models.Model):
    """Art. 11(3): a recommendation by another Party, the ICBS or an NGO; Art. 11(2)-(3): the
    Committee's invitation to the Party with jurisdiction or control to request."""

    KINDS = [("recommendation", "recommendation"), ("invitation", "invitation")]
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=KINDS)
    property = models.ForeignKey("registry.CulturalProperty", on_delete=models.PROTECT, related_name="+")
    by_state = models.ForeignKey("parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    by_organisation = models.CharField(max_length=200, blank=True)
    invited_state = models.ForeignKey("parties.State", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    text = models.TextField()
    dated = models.DateField()

    class Meta:
        ordering = ["-dated"]


class Request(models.Model):
    """A request for enhanced protection (Art. 11(2)) or, on the emergency path, provisional
    enhanced protection (Art. 11(9))."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ref = models.CharField(max_length=20, unique=True)
    property = models.ForeignKey("registry.CulturalProperty", on_delete=models.PROTECT, related_name="listing_requests")
    state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=[(s, s) for s in P.STATUSES], default=P.SUBMITTED, db_index=True)
    evidence_a = models.TextField(blank=True)
    evidence_b = models.TextField(blank=True)
    evidence_c = models.TextField(blank=True)
    declaration = models.BooleanField(default=False)
    emergency = models.BooleanField(default=False)
    conflict_parties = models.JSONField(default=list, blank=True, help_text="State codes (Art. 26(3))")
    assistance_ref = models.CharField(max_length=200, blank=True, help_text="Art. 32 request (Art. 11(8))")
    invitation = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_on = models.DateField()
    registered_on = models.DateField(null=True, blank=True)
    notified_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.ref

    @builtins.property
    def window_closes(self):
        return P.window_closes(self.notified_on) if self.notified_on else None

    def evidence(self) -> dict:
        return {"a": self.evidence_a, "b": self.evidence_b, "c": self.evidence_c}


class Submission(models.Model):
    """Representations by Parties (Art. 11(5)), the requesting Party's response (11(5)) and the
    advice of organisations and experts (11(6))."""

    KINDS = [("representation", "representation"), ("response", "response"), ("advice", "advice")]
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="submissions")
    kind = models.CharField(max_length=20, choices=KINDS)
    state = models.ForeignKey("parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.CharField(max_length=200, blank=True)
    criterion = models.CharField(max_length=1, blank=True)
    facts = models.TextField()
    attachments = models.JSONField(default=list, blank=True, help_text="[{title, ref}]")
    submitted_on = models.DateField()

    class Meta:
        ordering = ["submitted_on", "id"]


class Notification(models.Model):
    """One generated notification to one addressee: all Parties on receipt (Art. 11(5)), the
    parties to the conflict on an emergency request (11(9)), the Secretary-General and all
    Parties on inclusion (11(11)), suspension, cancellation or restoration (14(3)), and the
    invitation to give views (14(4))."""

    KINDS = [(k, k) for k in ("receipt", "emergency", "inclusion", "suspension", "cancellation",
                              "restoration", "views")]
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=KINDS)
    state = models.ForeignKey("parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    addressee = models.CharField(max_length=200)
    sent_on = models.DateField()
    decision = models.ForeignKey("Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["sent_on", "kind", "addressee"]


class ViewsCall(models.Model):
    """Art. 14(4): the Parties are invited to make their views known on a proposed suspension
    or cancellation before the Committee decides."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="views_calls")
    proposal = models.CharField(max_length=10, choices=[(P.SUSPEND, P.SUSPEND), (P.CANCEL, P.CANCEL)])
    grounds = models.JSONField(default=list)
    opened_on = models.DateField()
    note = models.TextField(blank=True)


class Session(models.Model):
    """A Committee session: ordinary (once a year, Art. 24(2)) or extraordinary."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ref = models.CharField(max_length=30, unique=True)
    kind = models.CharField(max_length=15, choices=[("ordinary", "ordinary"), ("extraordinary", "extraordinary")])
    held_on = models.DateField()
    members = models.JSONField(default=list, help_text="State codes of the Committee's members (Art. 24(1))")
    present = models.JSONField(default=list, help_text="members present (quorum, Art. 26(2))")
    agenda = models.ManyToManyField(Request, related_name="sessions", blank=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.ref


class Decision(models.Model):
    """A motion put to the vote, each member's vote, and the outcome from shield.treaty.votes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ref = models.CharField(max_length=40, unique=True)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="decisions")
    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="decisions")
    motion = models.CharField(max_length=20, choices=[(m, m) for m in P.MOTIONS])
    grounds = models.JSONField(default=list, blank=True)
    votes = models.JSONField(default=dict)
    carried = models.BooleanField()
    finding = models.JSONField(default=dict, help_text="reason (en, nb), citations, parts")
    decided_on = models.DateField()

    class Meta:
        ordering = ["decided_on", "ref"]
