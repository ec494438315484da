"""The API's typed bodies for the Fund, assistance, reports, Meetings, dissemination and the
depositary's notifications. Amounts are decimal text (never a float): ``"1234.50"``."""

from __future__ import annotations

from typing import Literal

from ninja import Schema
from pydantic import Field

from shield.core.schemas import Body, DateText, IsoDate, cite

Amount = str
VoteValue = Literal["yes", "no", "abstain"]
Source = Literal["a", "b.i", "b.ii", "b.iii", "b.iv", "c", "d", "e"]
PurposeClause = Literal["a", "b"]
Currency = str


class HoldingOut(Schema):
    currency: str
    amount: Amount


class LineOut(Schema):
    account: str = Field(
        description="pool:free, pool:earmark:<decision>, pool:allocated:<decision>, income:<source>, paid:<decision>, exchange"
    )
    currency: str
    amount: Amount = Field(description="a debit is positive, a credit negative")


class TransactionOut(Schema):
    number: int
    kind: str
    on: DateText
    source: str
    contributor: str
    decision: str
    earmark: str
    recipient: str
    reference: str
    synthetic: bool
    entries: list[LineOut]


class ContributionIn(Body):
    source: Source = Field(description=f"the source of the resources ({cite('fund.resources')})")
    amount: Amount
    currency: Currency
    on: IsoDate | None = None
    contributor_state: str | None = None
    contributor: str | None = None
    earmark: str | None = Field(
        None, description=f"a programme's decision ({cite('fund.decided_purposes')})"
    )
    reference: str | None = None


class MovementIn(Body):
    purpose: str = Field(description="the reference of a carried decision of the Committee")
    amount: Amount
    currency: Currency | None = None
    on: IsoDate | None = None
    recipient: str | None = None
    from_pool: Literal["free", "earmark"] | None = None
    reference: str | None = None


class ConversionIn(Body):
    amount: Amount
    currency: Currency
    to_amount: Amount
    to_currency: Currency
    on: IsoDate | None = None
    reference: str | None = None


class PoolOut(Schema):
    account: str
    label: str
    opening: Amount
    closing: Amount


class SourceTotalOut(Schema):
    source: str
    label: str
    amount: Amount


class DecisionTotalOut(Schema):
    decision: str
    amount: Amount


class StatementLineOut(Schema):
    account: str
    label: str
    amount: Amount


class MovementOut(Schema):
    number: int
    on: DateText
    kind: str
    kind_label: str
    source: str
    contributor: str
    decision: str
    earmark: str
    recipient: str
    reference: str
    synthetic: bool
    change: Amount
    lines: list[StatementLineOut]


class CurrencyStatementOut(Schema):
    currency: str
    opening: Amount
    closing: Amount
    received: Amount
    disbursed: Amount
    pools: list[PoolOut]
    by_source: list[SourceTotalOut]
    by_decision: list[DecisionTotalOut]
    movements: list[MovementOut]
    balanced: bool


class StatementOut(Schema):
    start: DateText = Field(description="the period's first day")
    end: DateText = Field(description="the period's last day")
    currencies: list[CurrencyStatementOut]


class FindingTextOut(Schema):
    reason: str
    citations: list[str]


class FundDecisionOut(Schema):
    ref: str
    session: str
    motion: str
    title: str
    purpose_clause: str
    amount: Amount | None
    currency: str
    request: str | None
    votes: dict[str, str]
    carried: bool
    decided_on: DateText
    outcome: FindingTextOut
    synthetic: bool


class ProgrammeIn(Body):
    session: str
    title: str
    purpose_clause: PurposeClause
    amount: Amount | None = None
    currency: Currency | None = None
    votes: dict[str, VoteValue] = {}


class AcceptanceIn(Body):
    state: str
    declared_on: IsoDate
    conflict: str
    source: str | None = None


class AcceptanceOut(Schema):
    state: str
    declared_on: DateText
    conflict: str
    source: str


class AssistanceIn(Body):
    state: str
    kind: Literal["enhanced", "preparatory", "emergency", "exceptional"]
    channel: Literal["committee", "unesco"] = "committee"
    title: str
    description: str
    amount: Amount | None = None
    currency: Currency | None = None
    property: str | None = None
    listing_request: str | None = Field(None, description=f"for {cite('enhanced.exceptional')}")
    conflict_parties: list[str] = []
    submitted_on: IsoDate | None = None


class UseOut(Schema):
    reported_on: DateText
    amount_used: Amount | None
    currency: str
    text: str
    final: bool


class AssistanceOut(Schema):
    ref: str
    state: str
    non_party_acceptance: bool
    channel: str
    kind: str
    title: str
    description: str
    amount: Amount | None
    currency: str
    conflict_parties: list[str]
    submitted_on: DateText
    status: str
    session: str | None
    assessment: str
    response: str
    decisions: list[FundDecisionOut]
    disbursements: list[TransactionOut]
    uses: list[UseOut]
    synthetic: bool


class AssistanceAgendaIn(Body):
    session: str
    assessment: str | None = None


class DecideIn(Body):
    motion: Literal["grant", "refuse", "defer"]
    votes: dict[str, VoteValue] = {}
    purpose_clause: PurposeClause | None = None
    amount: Amount | None = None
    currency: Currency | None = None


class PayIn(Body):
    amount: Amount
    on: IsoDate | None = None
    reference: str | None = None


class UseIn(Body):
    text: str
    reported_on: IsoDate | None = None
    amount_used: Amount | None = None
    final: bool = True


class UnescoIn(Body):
    accorded: bool
    on: IsoDate | None = None
    text: str | None = None


class CycleIn(Body):
    ref: str
    title: str
    period_from: IsoDate
    period_to: IsoDate
    due_on: IsoDate
    covers: list[Literal["convention", "first_protocol", "protocol"]] = ["protocol"]
    session: str | None = None


class CycleOut(Schema):
    ref: str
    title: str
    period_from: DateText
    period_to: DateText
    due_on: DateText
    covers: list[str]
    synthetic: bool


class ReportRowOut(Schema):
    state: str
    status: Literal["due", "overdue", "submitted", "published"]
    reason: str
    submitted_on: DateText | None
    published_on: DateText | None
    comments: int


class CycleStatusOut(CycleOut):
    reports: list[ReportRowOut]


class ReportIn(Body):
    state: str
    submitted_on: IsoDate
    document: str | None = None
    languages: list[str] = []


class MeetingIn(Body):
    ref: str
    kind: Literal["ordinary", "extraordinary"]
    held_on: IsoDate
    general_conference: str | None = None
    requested_by: list[str] = []
    requested_on: IsoDate | None = None


class MeetingOut(Schema):
    ref: str
    kind: str
    held_on: DateText
    requested_by: list[str]
    elected: list[str]
    guidelines: list[str]
    synthetic: bool


class MeasureIn(Body):
    state: str
    year: int
    kind: Literal[
        "public_information",
        "dissemination",
        "military_instructions",
        "training",
        "communication",
        "legislation",
        "cooperation",
    ]
    title: str
    description: str | None = None


class MeasureOut(Schema):
    state: str
    year: int
    kind: str
    kind_label: str
    title: str
    synthetic: bool


class DepositaryNotificationOut(Schema):
    key: str
    kind: Literal["deposit", "entry_into_force", "denunciation"]
    state: str
    on: DateText
    instrument_type: str
    speediest: bool = Field(
        description=f"transmitted by the speediest method ({cite('status.immediate_effect')})"
    )
    reason: str
    citations: list[str]
