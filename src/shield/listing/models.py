"""Records of the enhanced-protection procedure. The rules are in ``shield.treaty.procedure``
(no database); the writes in ``services.py`` and ``committee.py``."""

from __future__ import annotations

import builtins
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shield.treaty import procedure as P
from shield.treaty.citations import Citation

STATUS_CHOICES = [
    (P.SUBMITTED, _("submitted")),
    (P.REGISTERED, _("registered")),
    (P.NOTIFIED, _("notified to the Parties")),
    (P.DEFERRED, _("deferred")),
    (P.PROVISIONAL, _("provisional enhanced protection")),
    (P.GRANTED, _("granted")),
    (P.DENIED, _("denied")),
    (P.WITHDRAWN, _("withdrawn")),
]
MOTION_CHOICES = [
    (P.GRANT, _("grant")),
    (P.EXCEPTIONAL, _("exceptional grant")),
    (P.PROVISIONAL_GRANT, _("provisional enhanced protection")),
    (P.DENY, _("deny")),
    (P.DEFER, _("defer")),
    (P.SUSPEND, _("suspend")),
    (P.CANCEL, _("cancel")),
    (P.LIFT, _("lift a suspension")),
]
NOTICE_CHOICES = [
    ("receipt", _("receipt")),
    ("emergency", _("emergency")),
    ("inclusion", _("inclusion")),
    ("suspension", _("suspension")),
    ("cancellation", _("cancellation")),
    ("restoration", _("restoration")),
    ("views", _("views")),
]
SUBMISSION_CHOICES = [
    ("representation", _("representation")),
    ("response", _("response")),
    ("advice", _("advice")),
]


class TentativeEntry(models.Model):
    """Property a Party intends to request enhanced protection for (provision
    ``enhanced.tentative_list``), with the claims that competed on its date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    property = models.ForeignKey(
        "registry.CulturalProperty", on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField()
    note = models.TextField(blank=True)
    competing_claims = models.JSONField(
        default=list,
        blank=True,
        help_text="claims in force on the date when more than one State claims",
    )

    class Meta:
        ordering = ["state__code", "submitted_on"]
        constraints = [
            models.UniqueConstraint(fields=["state", "property"], name="one_tentative_entry")
        ]


class Initiative(models.Model):
    """A recommendation by another Party, the ICBS or an NGO (``enhanced.recommendation``); the
    Committee's invitation to the Party with jurisdiction or control to request (``enhanced.request``)."""

    KINDS = [("recommendation", _("recommendation")), ("invitation", _("invitation"))]
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=KINDS)
    property = models.ForeignKey(
        "registry.CulturalProperty", on_delete=models.PROTECT, related_name="+"
    )
    by_state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_organisation = models.CharField(max_length=200, blank=True)
    invited_state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    dated = models.DateField()

    class Meta:
        ordering = ["-dated"]


class Request(models.Model):
    """A request for enhanced protection (``enhanced.request``) or, on the emergency path,
    provisional enhanced protection (``enhanced.emergency``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ref = models.CharField(max_length=20, unique=True)
    property = models.ForeignKey(
        "registry.CulturalProperty", on_delete=models.PROTECT, related_name="listing_requests"
    )
    state = models.ForeignKey("parties.State", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=STATUS_CHOICES, default=P.SUBMITTED, db_index=True
    )
    evidence_a = models.TextField(blank=True)
    evidence_b = models.TextField(blank=True)
    evidence_c = models.TextField(blank=True)
    declaration = models.BooleanField(default=False)
    emergency = models.BooleanField(default=False)
    conflict_parties = models.JSONField(
        default=list, blank=True, help_text="State codes of the parties to the conflict"
    )
    assistance_ref = models.CharField(
        max_length=200, blank=True, help_text="the Party's request for international assistance"
    )
    invitation = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    competing_claims = models.JSONField(
        default=list,
        blank=True,
        help_text="the claims of jurisdiction or control in force on the request's date, when more than one "
        "State claims the place: [{state, state_name, role, valid_from, valid_to, basis, source}]",
    )
    submitted_on = models.DateField()
    registered_on = models.DateField(null=True, blank=True)
    notified_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Made up by the demo's procedure, not a request any Party made; so are its decisions and
    # the List entry it produced (``public.entries_on``).
    synthetic = models.BooleanField(
        default=False, help_text="invented demo data, not a real request"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.ref

    @builtins.property
    def window_closes(self):
        return P.window_closes(self.notified_on) if self.notified_on else None

    @builtins.property
    def listed(self) -> bool:
        return self.status in P.LISTED

    def evidence(self) -> dict:
        return {"a": self.evidence_a, "b": self.evidence_b, "c": self.evidence_c}


class Submission(models.Model):
    """Representations by Parties and the requesting Party's response (``enhanced.representations``),
    and the advice of organisations and experts (``enhanced.advice``)."""

    KINDS = SUBMISSION_CHOICES
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="submissions")
    kind = models.CharField(max_length=20, choices=KINDS)
    state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.CharField(max_length=200, blank=True)
    criterion = models.CharField(max_length=1, blank=True)
    facts = models.TextField()
    attachments = models.JSONField(default=list, blank=True, help_text="[{title, ref}]")
    submitted_on = models.DateField()

    class Meta:
        ordering = ["submitted_on", "id"]


class Notification(models.Model):
    """One generated notification to one addressee: all Parties on receipt, the parties to the
    conflict on an emergency request, the Secretary-General and all Parties on inclusion,
    suspension, cancellation or restoration, and the invitation to give views
    (``shield.treaty.procedure.NOTICE_CITATIONS``)."""

    KINDS = NOTICE_CHOICES
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=KINDS)
    state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    addressee = models.CharField(max_length=200)
    sent_on = models.DateField()
    decision = models.ForeignKey(
        "Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sent_on", "kind", "addressee"]


class ViewsCall(models.Model):
    """The Parties are invited to make their views known on a proposed suspension or
    cancellation before the Committee decides (``enhanced.views``); ``closes_on`` is the last
    day of the period set (``shield.treaty.procedure.VIEWS_READING``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="views_calls")
    proposal = models.CharField(
        max_length=10, choices=[(P.SUSPEND, _("suspend")), (P.CANCEL, _("cancel"))]
    )
    grounds = models.JSONField(default=list)
    opened_on = models.DateField()
    closes_on = models.DateField(
        null=True,
        blank=True,
        help_text="the last day on which the Parties may make their views known",
    )
    note = models.TextField(blank=True)

    def opportunity(self) -> P.ViewsOpportunity:
        return P.ViewsOpportunity(
            self.proposal, tuple(self.grounds), self.opened_on, self.closes_on
        )


class MilitaryUseAssertion(models.Model):
    """Someone asserts that listed property has, by its use, become a military objective
    (``enhanced.loss.military_objective``). A claim with who asserts it, never a decision:
    it changes neither the List nor the protection history
    (``shield.treaty.procedure.MILITARY_USE_READING``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="military_use_assertions"
    )
    property = models.ForeignKey(
        "registry.CulturalProperty", on_delete=models.PROTECT, related_name="+"
    )
    asserted_by_state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asserted_by_organisation = models.CharField(max_length=200, blank=True)
    asserted_on = models.DateField(help_text="the day the assertion was made")
    period_from = models.DateField(help_text="from when the use is asserted")
    period_to = models.DateField(
        null=True, blank=True, help_text="until when (blank: asserted as continuing)"
    )
    facts = models.TextField()
    evidence = models.JSONField(default=list, blank=True, help_text="[{title, ref}]")
    recorded_by = models.CharField(
        max_length=150, help_text="the account that recorded the assertion"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["asserted_on", "recorded_at"]

    @builtins.property
    def asserted_by(self) -> str:
        return (
            self.asserted_by_state.code
            if self.asserted_by_state_id
            else self.asserted_by_organisation
        )


class Session(models.Model):
    """A Committee session: ordinary (once a year) or extraordinary (``committee.sessions``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ref = models.CharField(max_length=30, unique=True)
    kind = models.CharField(
        max_length=15, choices=[("ordinary", _("ordinary")), ("extraordinary", _("extraordinary"))]
    )
    held_on = models.DateField()
    members = models.JSONField(default=list, help_text="State codes of the Committee's members")
    present = models.JSONField(default=list, help_text="members present (quorum)")
    agenda = models.ManyToManyField(Request, related_name="sessions", blank=True)
    synthetic = models.BooleanField(
        default=False, help_text="invented demo data, not a session the Committee held"
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.ref


class Decision(models.Model):
    """A motion put to the vote, each member's vote, and the outcome from shield.treaty.votes.
    ``continuous``: the Committee's finding that violations of the immunity are continuous
    (``shield.treaty.procedure.CANCELLATION_READING``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ref = models.CharField(max_length=40, unique=True)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="decisions")
    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="decisions")
    motion = models.CharField(max_length=20, choices=MOTION_CHOICES)
    grounds = models.JSONField(default=list, blank=True)
    continuous = models.BooleanField(
        default=False, help_text="the Committee finds the violations continuous"
    )
    votes = models.JSONField(default=dict)
    carried = models.BooleanField()
    finding = models.JSONField(default=dict, help_text="reason (en, nb), citations, parts")
    decided_on = models.DateField()

    class Meta:
        ordering = ["decided_on", "ref"]

    @builtins.property
    def citations(self) -> tuple[Citation, ...]:
        """The outcome's provisions, to render in the reader's language."""
        return tuple(Citation.parse(c) for c in (self.finding or {}).get("citations", []))

    @builtins.property
    def basis(self) -> tuple[Citation, ...]:
        """The provisions the motion itself rests on."""
        return P.motion_citations(self.motion, self.grounds)
