"""The API of the Fund, international assistance, reports, the Meetings of the Parties,
dissemination and the depositary's notifications: the same services as the pages."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Status

from shield.accounts.auth import WRITE_AUTH
from shield.core.language import reader_lang
from shield.core.schemas import READ, READ_ONE, WRITE, IsoDate, cite

from . import assistance, decisions, institutions, ledger, present, statements
from .models import AssistanceRequest, FundDecision, Measure, Meeting, ReportingCycle, Transaction
from .schemas import (
    AcceptanceIn,
    AcceptanceOut,
    AssistanceAgendaIn,
    AssistanceIn,
    AssistanceOut,
    ContributionIn,
    ConversionIn,
    CycleIn,
    CycleOut,
    CycleStatusOut,
    DecideIn,
    DepositaryNotificationOut,
    FundDecisionOut,
    HoldingOut,
    MeasureIn,
    MeasureOut,
    MeetingIn,
    MeetingOut,
    MovementIn,
    PayIn,
    ProgrammeIn,
    ReportIn,
    ReportRowOut,
    StatementOut,
    TransactionOut,
    UnescoIn,
    UseIn,
    UseOut,
)

router = Router(tags=["fund"])


def _money(x, cur: str) -> str | None:
    if x is None:
        return None
    from .money import CURRENCIES

    places = CURRENCIES.get(cur, 2)
    return f"{x:.{places}f}"


def tx_out(tx: Transaction) -> dict:
    return {
        "number": tx.number,
        "kind": tx.kind,
        "on": tx.on.isoformat(),
        "source": tx.source,
        "contributor": tx.contributor_state.code if tx.contributor_state else tx.contributor,
        "decision": tx.decision.ref if tx.decision else "",
        "earmark": tx.earmark.ref if tx.earmark else "",
        "recipient": tx.recipient,
        "reference": tx.reference,
        "synthetic": tx.synthetic,
        "entries": [
            {"account": e.account, "currency": e.currency, "amount": _money(e.amount, e.currency)}
            for e in tx.entries.all()
        ],
    }


def decision_out(d: FundDecision, lang: str) -> dict:
    return {
        "ref": d.ref,
        "session": d.session.ref,
        "motion": d.motion,
        "title": d.title,
        "purpose_clause": d.purpose_clause,
        "amount": _money(d.amount, d.currency),
        "currency": d.currency,
        "request": d.request.ref if d.request else None,
        "votes": dict(d.votes),
        "carried": d.carried,
        "decided_on": d.decided_on.isoformat(),
        "outcome": {
            "reason": (d.finding.get("reason") or {}).get(lang, ""),
            "citations": list(d.finding.get("citations") or []),
        },
        "synthetic": d.synthetic,
    }


def _body(payload) -> dict:
    """A typed body as the services take it: plain JSON values, the fields left out absent."""
    return payload.model_dump(mode="json", exclude_none=True)


def _write(fn, request, payload):
    tx = fn(request.user, _body(payload))
    return Status(201, tx_out(tx))


def use_out(u) -> dict:
    return {
        "reported_on": u.reported_on.isoformat(),
        "amount_used": _money(u.amount_used, u.currency),
        "currency": u.currency,
        "text": u.text,
        "final": u.final,
    }


# ---- the Fund -----------------------------------------------------------------------------------


@router.get(
    "/fund/holdings",
    response={200: list[HoldingOut], **READ},
    summary="What the Fund holds, in each currency",
    description=f"The sum of its pools ({cite('fund')}).",
)
def holdings(request):
    return [
        {"currency": c, "amount": _money(v, c)} for c, v in sorted(statements.holdings().items())
    ]


@router.get(
    "/fund/statement",
    response={200: StatementOut, **READ},
    summary="The Fund's statement for a period",
    description="Opening and closing holdings by pool, every movement with its lines, "
    "contributions by source and disbursements by decision, per currency.",
)
def statement(request, start: IsoDate, end: IsoDate, currency: str | None = None):
    data = present.statement_rows(statements.statement(start, end, currency))
    return {"start": data["from"], "end": data["to"], "currencies": data["currencies"]}


@router.get(
    "/fund/transactions",
    response={200: list[TransactionOut], **READ},
    summary="The ledger's movements",
)
def transactions(request, kind: str | None = None):
    qs = Transaction.objects.select_related(
        "decision", "earmark", "contributor_state"
    ).prefetch_related("entries")
    if kind:
        qs = qs.filter(kind=kind)
    return [tx_out(t) for t in qs.order_by("number")]


@router.post(
    "/fund/contributions",
    auth=WRITE_AUTH,
    response={201: TransactionOut, **WRITE},
    summary="Record a contribution (the Secretariat)",
    description=f"By source ({cite('fund.resources')}); earmarked only for a decided programme ({cite('fund.decided_purposes')}).",
)
def contribution(request, payload: ContributionIn):
    return _write(ledger.contribute, request, payload)


@router.post(
    "/fund/allocations",
    auth=WRITE_AUTH,
    response={201: TransactionOut, **WRITE},
    summary="Allocate to a decided purpose",
)
def allocation(request, payload: MovementIn):
    return _write(ledger.allocate, request, payload)


@router.post(
    "/fund/disbursements",
    auth=WRITE_AUTH,
    response={201: TransactionOut, **WRITE},
    summary="Disburse under a decided purpose",
)
def disbursement(request, payload: MovementIn):
    return _write(ledger.disburse, request, payload)


@router.post(
    "/fund/releases",
    auth=WRITE_AUTH,
    response={201: TransactionOut, **WRITE},
    summary="Release an unused allocation",
)
def release(request, payload: MovementIn):
    return _write(ledger.release, request, payload)


@router.post(
    "/fund/conversions",
    auth=WRITE_AUTH,
    response={201: TransactionOut, **WRITE},
    summary="Convert free resources between currencies",
)
def conversion(request, payload: ConversionIn):
    return _write(ledger.convert, request, payload)


@router.get(
    "/fund/decisions",
    response={200: list[FundDecisionOut], **READ},
    summary="The Committee's decisions on the Fund and on assistance",
)
def decision_list(request):
    lang = reader_lang()
    return [
        decision_out(d, lang) for d in FundDecision.objects.select_related("session", "request")
    ]


@router.post(
    "/fund/decisions",
    auth=WRITE_AUTH,
    response={201: FundDecisionOut, **WRITE},
    summary="The Committee decides a programme or project of the Fund at a session",
    description=f"{cite('committee.fund_use')}; two-thirds of the members voting ({cite('committee.quorum_and_majority')}).",
)
def programme(request, payload: ProgrammeIn):
    d = decisions.decide(
        request.user,
        decisions.session_of(payload.session),
        "programme",
        dict(payload.votes),
        title=payload.title,
        purpose_clause=payload.purpose_clause,
        amount=payload.amount,
        currency=payload.currency or "",
    )
    return Status(201, decision_out(d, reader_lang()))


# ---- assistance ---------------------------------------------------------------------------------


def assistance_out(r: AssistanceRequest, lang: str) -> dict:
    grant = assistance.grant_of(r)
    paid = (
        Transaction.objects.filter(decision=grant, kind="disbursement").prefetch_related("entries")
        if grant
        else []
    )
    return {
        "ref": r.ref,
        "state": r.state.code,
        "non_party_acceptance": r.acceptance_id is not None,
        "channel": r.channel,
        "kind": r.kind,
        "title": r.title,
        "description": r.description,
        "amount": _money(r.amount, r.currency),
        "currency": r.currency,
        "conflict_parties": list(r.conflict_parties),
        "submitted_on": r.submitted_on.isoformat(),
        "status": r.status,
        "session": r.session.ref if r.session else None,
        "assessment": r.assessment,
        "response": r.response,
        "decisions": [decision_out(d, lang) for d in r.decisions.select_related("session")],
        "disbursements": [tx_out(t) for t in paid],
        "uses": [use_out(u) for u in r.uses.all()],
        "synthetic": r.synthetic,
    }


def _request(ref: str) -> AssistanceRequest:
    found = AssistanceRequest.objects.select_related("state", "session").filter(ref=ref).first()
    if found is None:
        raise Http404(f"no request for assistance {ref!r}")
    return found


@router.get(
    "/assistance",
    response={200: list[AssistanceOut], **READ},
    summary="Requests for international assistance",
)
def assistance_list(request, status: str | None = None):
    qs = AssistanceRequest.objects.select_related("state", "session")
    if status:
        qs = qs.filter(status=status)
    lang = reader_lang()
    return [assistance_out(r, lang) for r in qs]


@router.post(
    "/assistance",
    auth=WRITE_AUTH,
    response={201: AssistanceOut, **WRITE},
    summary="Request international assistance",
    description=f"A Party ({cite('assistance.request')}), or a party to a conflict that accepts and applies the provisions ({cite('assistance.non_party')}); UNESCO's technical assistance ({cite('assistance.unesco')}).",
)
def assistance_new(request, payload: AssistanceIn):
    r = assistance.submit(request.user, _body(payload))
    return Status(201, assistance_out(r, reader_lang()))


@router.post(
    "/assistance/acceptances",
    auth=WRITE_AUTH,
    response={201: AcceptanceOut, **WRITE},
    summary="Record that a party to a conflict, not a Party, accepts and applies the provisions",
    description=f"{cite('protocol.non_party_acceptance')}: it may then request assistance ({cite('assistance.non_party')}).",
)
def acceptance_new(request, payload: AcceptanceIn):
    a = assistance.record_acceptance(request.user, _body(payload))
    return Status(
        201,
        {
            "state": a.state.code,
            "declared_on": a.declared_on.isoformat(),
            "conflict": a.conflict,
            "source": a.source,
        },
    )


@router.get(
    "/assistance/{ref}",
    response={200: AssistanceOut, **READ_ONE},
    summary="A request for assistance",
)
def assistance_one(request, ref: str):
    return assistance_out(_request(ref), reader_lang())


@router.post(
    "/assistance/{ref}/agenda",
    auth=WRITE_AUTH,
    response={200: AssistanceOut, **WRITE},
    summary="The Secretariat's assessment; on a session's agenda",
)
def assistance_agenda(request, ref: str, payload: AssistanceAgendaIn):
    r = assistance.to_agenda(
        request.user, _request(ref), decisions.session_of(payload.session), payload.assessment or ""
    )
    return assistance_out(r, reader_lang())


@router.post(
    "/assistance/{ref}/decision",
    auth=WRITE_AUTH,
    response={201: FundDecisionOut, **WRITE},
    summary="The Committee decides on the request at its session",
    description=f"{cite('committee.assistance')}; members that are parties to the conflict do not vote ({cite('committee.recusal')}).",
)
def assistance_decide(request, ref: str, payload: DecideIn):
    r = _request(ref)
    if r.session is None:
        from shield.treaty.refusals import refuse

        refuse("assistance.not_on_agenda", request=r.ref, session="—")
    d = decisions.decide(
        request.user,
        r.session,
        payload.motion,
        dict(payload.votes),
        purpose_clause=payload.purpose_clause or "",
        amount=payload.amount,
        currency=payload.currency or "",
        request=r,
    )
    return Status(201, decision_out(d, reader_lang()))


@router.post(
    "/assistance/{ref}/disbursements",
    auth=WRITE_AUTH,
    response={201: TransactionOut, **WRITE},
    summary="Disburse granted assistance from the Fund",
)
def assistance_pay(request, ref: str, payload: PayIn):
    tx = assistance.pay(request.user, _request(ref), _body(payload))
    return Status(201, tx_out(tx))


@router.post(
    "/assistance/{ref}/use",
    auth=WRITE_AUTH,
    response={201: UseOut, **WRITE},
    summary="Report on the use of the assistance",
)
def assistance_use(request, ref: str, payload: UseIn):
    u = assistance.report_use(request.user, _request(ref), _body(payload))
    return Status(201, use_out(u))


@router.post(
    "/assistance/{ref}/unesco",
    auth=WRITE_AUTH,
    response={200: AssistanceOut, **WRITE},
    summary="UNESCO's answer to a request for technical assistance",
)
def assistance_unesco(request, ref: str, payload: UnescoIn):
    r = assistance.unesco_answer(
        request.user, _request(ref), payload.accorded, payload.on, payload.text or ""
    )
    return assistance_out(r, reader_lang())


# ---- reports, Meetings, dissemination, the depositary -------------------------------------------


def cycle_out(c: ReportingCycle) -> dict:
    return {
        "ref": c.ref,
        "title": c.title,
        "period_from": c.period_from.isoformat(),
        "period_to": c.period_to.isoformat(),
        "due_on": c.due_on.isoformat(),
        "covers": list(c.covers),
        "synthetic": c.synthetic,
    }


def _cycle(ref: str) -> ReportingCycle:
    found = ReportingCycle.objects.filter(ref=ref).first()
    if found is None:
        raise Http404(f"no reporting cycle {ref!r}")
    return found


def _rows(c: ReportingCycle, lang: str) -> list[dict]:
    return [
        {
            "state": r["state"],
            "status": r["status"],
            "reason": r["reason"][lang],
            "submitted_on": r["submitted_on"],
            "published_on": r["published_on"],
            "comments": r["comments"],
        }
        for r in institutions.cycle_status(c)
    ]


@router.get(
    "/reporting/cycles",
    response={200: list[CycleOut], **READ},
    summary=f"Reporting cycles ({cite('reports')})",
)
def cycles(request):
    return [cycle_out(c) for c in ReportingCycle.objects.all()]


@router.post(
    "/reporting/cycles",
    auth=WRITE_AUTH,
    response={201: CycleOut, **WRITE},
    summary="Set a reporting cycle (the Secretariat, for the Committee)",
)
def cycle_new(request, payload: CycleIn):
    c = institutions.create_cycle(request.user, _body(payload))
    return Status(201, cycle_out(c))


@router.get(
    "/reporting/cycles/{ref}",
    response={200: CycleStatusOut, **READ_ONE},
    summary="Each Party's report for a cycle: due, overdue, submitted, published",
)
def cycle_one(request, ref: str):
    c = _cycle(ref)
    return {**cycle_out(c), "reports": _rows(c, reader_lang())}


@router.post(
    "/reporting/cycles/{ref}/reports",
    auth=WRITE_AUTH,
    response={201: ReportRowOut, **WRITE},
    summary="Record a Party's report for the cycle",
)
def report_new(request, ref: str, payload: ReportIn):
    c = _cycle(ref)
    r = institutions.submit_report(request.user, c, _body(payload))
    return Status(201, next(x for x in _rows(c, reader_lang()) if x["state"] == r.state.code))


def meeting_out(m: Meeting) -> dict:
    return {
        "ref": m.ref,
        "kind": m.kind,
        "held_on": m.held_on.isoformat(),
        "requested_by": list(m.requested_by),
        "elected": [s.state.code for s in m.election.seats.select_related("state")]
        if m.election
        else [],
        "guidelines": [g.title for g in m.guidelines.all()],
        "synthetic": m.synthetic,
    }


@router.get(
    "/meetings",
    response={200: list[MeetingOut], **READ},
    summary=f"Meetings of the Parties ({cite('meeting')})",
)
def meetings(request):
    return [meeting_out(m) for m in Meeting.objects.select_related("election")]


@router.post(
    "/meetings",
    auth=WRITE_AUTH,
    response={201: MeetingOut, **WRITE},
    summary="Record a Meeting of the Parties",
    description=f"An extraordinary Meeting at the request of one-fifth of the Parties ({cite('meeting.extraordinary')}).",
)
def meeting_new(request, payload: MeetingIn):
    m = institutions.convene(request.user, _body(payload))
    return Status(201, meeting_out(m))


def measure_out(m: Measure) -> dict:
    return {
        "state": m.state.code,
        "year": m.year,
        "kind": m.kind,
        "kind_label": present.measure(m.kind),
        "title": m.title,
        "synthetic": m.synthetic,
    }


@router.get(
    "/dissemination",
    response={200: list[MeasureOut], **READ},
    summary=f"Measures of dissemination and cooperation ({cite('dissemination', 'cooperation')})",
)
def measures(request, state: str | None = None, year: int | None = None):
    qs = Measure.objects.select_related("state")
    if state:
        qs = qs.filter(state__code=state.upper())
    if year:
        qs = qs.filter(year=year)
    return [measure_out(m) for m in qs]


@router.post(
    "/dissemination",
    auth=WRITE_AUTH,
    response={201: MeasureOut, **WRITE},
    summary="Record a measure (a Party's officer for its State, or the Secretariat)",
)
def measure_new(request, payload: MeasureIn):
    m = institutions.record_measure(request.user, _body(payload))
    return Status(201, measure_out(m))


@router.get(
    "/depositary/notifications",
    response={200: list[DepositaryNotificationOut], **READ},
    summary="The depositary's notifications, generated from the register",
    description=f"{cite('depositary')}; the speediest method for {cite('status.immediate_effect')}.",
)
def notifications(request, kind: str | None = None, since: IsoDate | None = None):
    lang = reader_lang()
    out = []
    for n in institutions.notifications():
        if (kind and n.kind != kind) or (since and n.on < since):
            continue
        out.append(
            {
                "key": n.key,
                "kind": n.kind,
                "state": n.state,
                "on": n.on.isoformat(),
                "instrument_type": n.instrument_type,
                "speediest": n.speediest,
                "reason": n.reason[lang],
                "citations": [c.label(lang) for c in n.citations],
            }
        )
    return out
