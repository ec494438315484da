"""International assistance (provisions ``assistance.request``, ``assistance.non_party``,
``committee.assistance``, ``enhanced.exceptional``) and UNESCO's technical assistance
(``assistance.unesco``): requests, the Secretariat's assessment and agenda, UNESCO's answer,
disbursement from the Fund under the Committee's grant, and the report on use. The
Committee's decision is ``decisions.decide``."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from shield.accounts import roles
from shield.audit import log
from shield.core.errors import FieldError, NotAllowed, RecordInvalid
from shield.parties.models import State
from shield.treaty.institutions import ASSISTANCE_CHANNELS, ASSISTANCE_KINDS
from shield.treaty.refusals import refuse

from . import ledger, money
from .models import Acceptance, AssistanceRequest, FundDecision, Transaction, UseReport

TARGET = "fund_assistance"


def _audit(user, req: AssistanceRequest, action: str, changes: dict, summary: str) -> None:
    log.record(user, action, TARGET, req.id, changes, summary=f"{req.ref}: {summary}")


def _state(code, field: str = "state") -> State:
    found = State.objects.filter(code=str(code or "").strip().upper()).first()
    if found is None:
        raise RecordInvalid([FieldError(field, f"{code!r} is not a known State")])
    return found


def next_ref(year: int) -> str:
    n = AssistanceRequest.objects.filter(ref__startswith=f"IA-{year}-").count() + 1
    while AssistanceRequest.objects.filter(ref=f"IA-{year}-{n:03d}").exists():
        n += 1
    return f"IA-{year}-{n:03d}"


def acceptance_on(state: State, on: date) -> Acceptance | None:
    """The State's acceptance of the Protocol's provisions as a party to a conflict, in force
    on ``on``."""
    for a in Acceptance.objects.filter(state=state, declared_on__lte=on):
        if a.withdrawn_on is None or a.withdrawn_on > on:
            return a
    return None


def record_acceptance(user, data: dict, today: date | None = None) -> Acceptance:
    ledger.may_keep(user)
    state = _state(data.get("state"))
    on = ledger.day(data.get("declared_on"), "declared_on", today)
    conflict = str(data.get("conflict") or "").strip()[:300]
    if not conflict:
        raise RecordInvalid([FieldError("conflict", "is required: the conflict")])
    with transaction.atomic():
        a = Acceptance.objects.create(
            state=state,
            declared_on=on,
            conflict=conflict,
            source=str(data.get("source") or "")[:300],
            synthetic=bool(data.get("synthetic")),
        )
        log.record(
            user,
            "acceptance_recorded",
            "fund_acceptance",
            a.id,
            {"state": state.code, "declared_on": on.isoformat(), "conflict": conflict},
            summary=f"{state.code} accepts and applies the Protocol's provisions ({conflict})",
        )
    return a


def submit(user, data: dict, today: date | None = None) -> AssistanceRequest:
    """A Party, or a party to a conflict that accepts and applies the Protocol's provisions,
    requests international assistance (or calls upon UNESCO, a Party only)."""
    from shield.parties.register import current_register
    from shield.treaty.status import is_party

    state = _state(data.get("state"))
    if not roles.is_staff_role(user):
        mine = roles.state_of(user) if roles.has_role(user, roles.PARTY_OFFICER) else None
        if mine is None:
            raise NotAllowed("only a Party's officer or the Secretariat records a request")
        if mine.code != state.code:
            refuse(
                "assistance.own_state_only",
                mine=ledger.named(mine.code),
                state=ledger.named(state.code),
            )
    on = ledger.day(data.get("submitted_on") or today or date.today(), "submitted_on", today)
    channel = str(data.get("channel") or "committee")
    if channel not in ASSISTANCE_CHANNELS:
        raise RecordInvalid([FieldError("channel", f"is one of {', '.join(ASSISTANCE_CHANNELS)}")])
    kind = str(data.get("kind") or "")
    if kind not in ASSISTANCE_KINDS:
        raise RecordInvalid([FieldError("kind", f"is one of {', '.join(ASSISTANCE_KINDS)}")])
    party = is_party(state.code, on, current_register()).result
    accepted = None
    if not party:
        if channel == "unesco":
            refuse(
                "assistance.unesco_party_only", state=ledger.named(state.code), on=on.isoformat()
            )
        accepted = acceptance_on(state, on)
        if accepted is None:
            refuse("assistance.not_a_party", state=ledger.named(state.code), on=on.isoformat())
    title = str(data.get("title") or "").strip()[:300]
    description = str(data.get("description") or "").strip()
    errors = []
    if not title:
        errors.append(FieldError("title", "is required"))
    if not description:
        errors.append(FieldError("description", "is required"))
    if errors:
        raise RecordInvalid(errors)
    prop = None
    if data.get("property"):
        from shield.registry.models import CulturalProperty

        prop = CulturalProperty.objects.filter(code=str(data["property"]).strip()).first()
        if prop is None:
            raise RecordInvalid([FieldError("property", f"no property {data['property']!r}")])
    listing_request = None
    if data.get("listing_request"):
        from shield.listing.models import Request

        listing_request = Request.objects.filter(ref=str(data["listing_request"]).strip()).first()
        if listing_request is None:
            raise RecordInvalid(
                [FieldError("listing_request", f"no request {data['listing_request']!r}")]
            )
    if kind == "exceptional" and listing_request is None:
        refuse("assistance.exceptional_needs_request")
    amt, cur = None, ""
    if data.get("amount") not in (None, ""):
        cur = money.currency(data.get("currency"))
        amt = money.amount(data.get("amount"), cur)
    elif channel == "committee":
        raise RecordInvalid([FieldError("amount", "is required: the amount requested")])
    conflict = sorted(
        {_state(c, "conflict_parties").code for c in data.get("conflict_parties") or []}
    )
    if accepted is not None and state.code not in conflict:
        conflict = sorted({*conflict, state.code})
    with transaction.atomic():
        req = AssistanceRequest.objects.create(
            ref=next_ref(on.year),
            state=state,
            acceptance=accepted,
            channel=channel,
            kind=kind,
            title=title,
            description=description,
            property=prop,
            listing_request=listing_request,
            amount=amt,
            currency=cur,
            conflict_parties=conflict,
            submitted_on=on,
            synthetic=bool(data.get("synthetic")),
        )
        _audit(
            user,
            req,
            "assistance_requested",
            {
                "state": state.code,
                "party": party,
                "channel": channel,
                "kind": kind,
                "amount": str(amt) if amt is not None else None,
                "currency": cur,
                "submitted_on": on.isoformat(),
                "conflict_parties": conflict,
            },
            f"{state.code} requests {kind} assistance ({channel})",
        )
    return req


def _staff(user) -> None:
    if not roles.is_staff_role(user):
        raise NotAllowed("only the Secretariat does this")


def _step(req: AssistanceRequest, allowed: tuple[str, ...], step: dict) -> None:
    if req.status not in allowed:
        refuse("assistance.step", request=req.ref, stage=req.status, step=step)


def to_agenda(user, req: AssistanceRequest, session, assessment: str = "") -> AssistanceRequest:
    """The Secretariat's assessment and the request on a session's agenda (provision
    ``secretariat``)."""
    _staff(user)
    if req.channel != "committee":
        refuse(
            "assistance.step",
            request=req.ref,
            stage=req.status,
            step={"en": "the agenda", "nb": "dagsordenen"},
        )
    _step(req, ("submitted", "deferred"), {"en": "the agenda", "nb": "dagsordenen"})
    with transaction.atomic():
        req.session = session
        req.status = "on_agenda"
        if assessment:
            req.assessment = assessment.strip()
        req.save(update_fields=["session", "status", "assessment"])
        _audit(
            user,
            req,
            "assistance_on_agenda",
            {"session": session.ref, "assessment": req.assessment},
            f"on the agenda of {session.ref}",
        )
    return req


def unesco_answer(user, req: AssistanceRequest, accorded: bool, on, text: str, today=None):
    """UNESCO accords or declines technical assistance within its programme and resources."""
    _staff(user)
    if req.channel != "unesco":
        refuse(
            "assistance.step",
            request=req.ref,
            stage=req.status,
            step={"en": "UNESCO's answer", "nb": "UNESCOs svar"},
        )
    _step(req, ("submitted",), {"en": "UNESCO's answer", "nb": "UNESCOs svar"})
    day = ledger.day(on or today or date.today(), "responded_on", today)
    with transaction.atomic():
        req.status = "accorded" if accorded else "declined"
        req.response = (text or "").strip()
        req.responded_on = day
        req.save(update_fields=["status", "response", "responded_on"])
        _audit(
            user,
            req,
            "assistance_unesco_answer",
            {"accorded": accorded, "on": day.isoformat()},
            req.status,
        )
    return req


def grant_of(req: AssistanceRequest) -> FundDecision | None:
    return req.decisions.filter(motion="grant", carried=True).order_by("decided_on").last()


def pay(user, req: AssistanceRequest, data: dict, today: date | None = None) -> Transaction:
    """Disburse granted assistance from the Fund: what is still needed is allocated to the
    grant from the free resources first, then paid to the requesting State (two movements of
    the ledger, in one database transaction)."""
    _step(req, ("granted",), {"en": "a disbursement", "nb": "en utbetaling"})
    d = grant_of(req)
    if d is None:
        refuse("fund.purpose_not_decided", purpose=req.ref, on=str(date.today()))
    cur = d.currency
    amt = money.amount(data.get("amount"), cur)
    on = data.get("on") or today or date.today()
    with transaction.atomic():
        have = ledger.balance(ledger.allocated_pool(d), cur)
        if have < amt:
            ledger.allocate(
                user,
                {
                    "purpose": d.ref,
                    "amount": str(amt - have),
                    "currency": cur,
                    "on": on,
                    "synthetic": req.synthetic,
                },
                today,
            )
        tx = ledger.disburse(
            user,
            {
                "purpose": d.ref,
                "amount": str(amt),
                "currency": cur,
                "on": on,
                "recipient": data.get("recipient") or f"{req.state.name_en} ({req.state.code})",
                "reference": data.get("reference") or req.ref,
                "synthetic": req.synthetic,
            },
            today,
        )
    return tx


def report_use(user, req: AssistanceRequest, data: dict, today: date | None = None) -> UseReport:
    """The recipient reports on the use of the assistance; a final report closes the request."""
    if not roles.is_staff_role(user):
        mine = roles.state_of(user) if roles.has_role(user, roles.PARTY_OFFICER) else None
        if mine is None or mine.code != req.state.code:
            raise NotAllowed("only the requesting State's officer or the Secretariat reports use")
    _step(req, ("granted", "accorded"), {"en": "a report on use", "nb": "en rapport om bruken"})
    on = ledger.day(data.get("reported_on") or today or date.today(), "reported_on", today)
    text = str(data.get("text") or "").strip()
    if not text:
        raise RecordInvalid([FieldError("text", "is required: how the assistance was used")])
    amt, cur = None, ""
    if data.get("amount_used") not in (None, ""):
        cur = money.currency(data.get("currency") or req.currency)
        amt = money.amount(data.get("amount_used"), cur, "amount_used")
    final = bool(data.get("final", True))
    with transaction.atomic():
        u = UseReport.objects.create(
            request=req, reported_on=on, amount_used=amt, currency=cur, text=text, final=final
        )
        if final:
            req.status = "closed"
            req.save(update_fields=["status"])
        _audit(
            user,
            req,
            "assistance_use_reported",
            {
                "reported_on": on.isoformat(),
                "amount_used": str(amt) if amt else None,
                "final": final,
            },
            "use reported" + (" (final)" if final else ""),
        )
    return u
