"""What the listing endpoints answer: the List, tentative lists, initiatives, requests for
enhanced protection with their procedure, Committee sessions and decisions. Each schema
describes what ``shield.listing.present`` and ``shield.listing.public`` write, key for key."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from shield.core.schemas import (
    DateText,
    DateTimeText,
    IsoDate,
    JsonObject,
    NamesOut,
    Sparse,
    sometimes,
)
from shield.registry.schemas import LocationOut

from .models import MOTION_CHOICES, NOTICE_CHOICES, SUBMISSION_CHOICES

RequestStatus = Literal[
    "submitted",
    "registered",
    "notified",
    "deferred",
    "provisional",
    "granted",
    "denied",
    "withdrawn",
]
Motion = Literal[tuple(code for code, _label in MOTION_CHOICES)]  # type: ignore[valid-type]
NoticeKind = Literal[tuple(code for code, _label in NOTICE_CHOICES)]  # type: ignore[valid-type]
SubmissionKind = Literal[tuple(code for code, _label in SUBMISSION_CHOICES)]  # type: ignore[valid-type]
Level = Literal["general", "special", "enhanced", "provisional_enhanced"]


class CompetingClaimOut(Schema):
    """A claim of jurisdiction or control that competed on the day of an act (provision
    ``enhanced.disputed_territory``): recorded as a claim, never as established."""

    state: str
    state_name: NamesOut | str = Field(
        description="the State in both languages, or its bare code where the list lacks it"
    )
    role: Literal["control", "claimant"]
    valid_from: DateText | None
    valid_to: DateText | None
    basis: str
    source: str


class WordedClaimOut(CompetingClaimOut):
    text: str = Field(description="the claim in words, with who makes it")


# ---- the List ---------------------------------------------------------------------------------


class ListEntryOut(Schema):
    code: str
    name: str
    state: str
    synthetic: bool
    state_name: str
    level: Level  # type: ignore[valid-type]
    since: DateText | None = Field(description="the day the level was granted")
    basis: str
    note: str
    name_source: str = Field(description="where the name shown comes from")
    decision: str | None = Field(description="the Committee's decision that listed it")
    request: str | None
    request_url: str | None
    property_url: str
    location: LocationOut


class ListOut(Schema):
    on: IsoDate
    entries: list[ListEntryOut]


class TentativeOut(Schema):
    state: str
    property: str
    submitted_on: IsoDate
    note: str = ""
    competing_claims: list[CompetingClaimOut] = Field(
        description="the claims that competed on its date"
    )


class InitiativeOut(Schema):
    id: str
    kind: Literal["recommendation", "invitation"]
    dated: IsoDate


class SubmissionOut(Schema):
    id: str
    kind: Literal["representation", "response", "advice"]
    criterion: Literal["a", "b", "c", ""]
    submitted_on: IsoDate


class ViewsOut(Schema):
    proposal: Literal["suspend", "cancel"]
    grounds: list[str]
    opened_on: IsoDate
    closes_on: IsoDate


# ---- requests ---------------------------------------------------------------------------------


class AttachmentOut(Schema):
    title: str
    ref: str = Field(description="where it is kept (a reference or URL); may be empty")


class RequestEvidenceOut(Schema):
    """The request's evidence for each criterion of enhanced protection."""

    a: str
    b: str
    c: str


class RequestSubmissionOut(Schema):
    kind: SubmissionKind  # type: ignore[valid-type]
    state: str | None
    organisation: str
    criterion: Literal["a", "b", "c", ""]
    facts: str
    attachments: list[AttachmentOut]
    submitted_on: DateText


class NotificationOut(Schema):
    kind: NoticeKind  # type: ignore[valid-type]
    addressee: str
    state: str | None
    sent_on: DateText
    decision: str | None


class FindingPartOut(Schema):
    reason: dict[str, str] = Field(description="`en` and `nb`")
    citations: list[str]


class DecisionFindingOut(Sparse):
    """The treaty's finding on the motion as stored with the decision."""

    result: bool | str = sometimes(description="carried or not, or the finding's answer")
    reason: dict[str, str] = sometimes(description="`en` and `nb`")
    citations: list[str] = None  # type: ignore[assignment]
    parts: list[FindingPartOut] = None  # type: ignore[assignment]


class DecisionOut(Schema):
    ref: str
    session: str
    request: str
    motion: Motion  # type: ignore[valid-type]
    synthetic: bool
    grounds: list[str]
    continuous: bool
    votes: dict[str, str] = Field(description="each member present (State code): yes, no, abstain")
    carried: bool
    decided_on: DateText
    basis: list[str] = Field(description="the provisions the decision rests on")
    finding: DecisionFindingOut


class AssertionOut(Schema):
    """An assertion that listed property became a military objective by its use: a claim
    with who makes it, never a finding; the List is unchanged."""

    id: str
    asserted_by: str = Field(description="a State's code, or the organisation")
    asserted_by_name: str
    asserted_on: DateText
    period_from: DateText
    period_to: DateText | None = Field(description="null: continuing")
    facts: str
    evidence: list[AttachmentOut]
    recorded_by: str
    claim: Literal[True]
    text: str
    citations: list[str]


class TimelineEntryOut(Schema):
    at: DateTimeText = Field(description="when the step was recorded")
    on: DateText | None = Field(
        description="the date the act happened, as its author gave it (none where the step "
        "kept no date of its own)"
    )
    action: str
    actor: str
    summary: str = Field(description="the audit log's summary, in English as written")
    text: str = Field(description="the step in the reader's language")
    # What the audit entry records: its keys depend on the step (a submission's counts, a
    # decision's motion and votes...), so it has no fixed shape.
    changes: JsonObject = Field(
        description="as the audit log holds it; location fields redacted for a reader who may "
        "not see the exact point"
    )


class RequestSummaryOut(Schema):
    ref: str
    status: RequestStatus
    status_label: str
    property: str
    synthetic: bool
    property_name: str
    state: str
    emergency: bool
    conflict_parties: list[str]
    assistance_ref: str
    submitted_on: DateText
    registered_on: DateText | None
    notified_on: DateText | None
    window_closes: DateText | None = Field(description="the end of the sixty days")
    competing_claims: list[WordedClaimOut]


class RequestOut(RequestSummaryOut):
    """A request with its whole procedure: submissions, notifications, decisions, assertions,
    sessions and its timeline."""

    evidence: RequestEvidenceOut
    declaration: bool
    submissions: list[RequestSubmissionOut]
    notifications: list[NotificationOut]
    decisions: list[DecisionOut]
    military_use_assertions: list[AssertionOut]
    sessions: list[str] = Field(description="the sessions whose agenda holds it")
    timeline: list[TimelineEntryOut]


class SessionOut(Schema):
    ref: str
    kind: Literal["ordinary", "extraordinary"]
    held_on: DateText
    synthetic: bool
    members: list[str]
    present: list[str]
    agenda: list[str] = Field(description="the requests on its agenda, by ref")
    decisions: list[DecisionOut]
