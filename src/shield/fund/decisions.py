"""The Committee's decisions on the use of the Fund (provision ``committee.fund_use``) and on
requests for international assistance (``committee.assistance``), taken at a session of the
listing app's session machinery (its members, who is present) and counted by
``shield.treaty.votes.decide``: quorum, recusals of the parties to a conflict, two-thirds of
the members voting."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from shield.accounts import roles
from shield.audit import log
from shield.core.errors import FieldError, RecordInvalid
from shield.listing.committee import finding_json
from shield.listing.models import Session
from shield.treaty import votes as V
from shield.treaty.institutions import FUND_PURPOSES
from shield.treaty.refusals import refuse

from . import money
from .ledger import named
from .models import AssistanceRequest, FundDecision

TARGET = "fund_decision"
REQUEST_MOTIONS = ("grant", "refuse", "defer")
EFFECT = {"grant": "granted", "refuse": "refused", "defer": "deferred"}


def session_of(ref) -> Session:
    found = Session.objects.filter(ref=str(ref or "").strip()).first()
    if found is None:
        raise RecordInvalid([FieldError("session", f"no session {ref!r}")])
    return found


def may_record(user, session: Session) -> None:
    if roles.is_staff_role(user):
        return
    mine = roles.state_of(user)
    if (
        roles.has_role(user, roles.COMMITTEE_MEMBER)
        and mine is not None
        and mine.code in session.present
    ):
        return
    refuse("fund.not_a_member", session=session.ref)


def _votes(session: Session, votes: dict) -> dict[str, str]:
    cast = {str(k).strip().upper(): v for k, v in (votes or {}).items() if v}
    for member, vote in cast.items():
        if vote not in V.VOTES:
            raise RecordInvalid([FieldError(f"votes.{member}", f"is one of {', '.join(V.VOTES)}")])
        if member not in session.present:
            refuse(
                "fund.vote_not_present",
                field=f"votes.{member}",
                member=named(member),
                session=session.ref,
            )
    return cast


def decide(
    user,
    session: Session,
    motion: str,
    votes: dict,
    *,
    title: str = "",
    purpose_clause: str = "",
    amount=None,
    currency: str = "",
    request: AssistanceRequest | None = None,
    synthetic: bool = False,
    today: date | None = None,
) -> FundDecision:
    """Put ``motion`` to the vote at ``session``: a programme or project of the Fund, or a grant,
    refusal or deferral of a request for assistance on the session's agenda."""
    may_record(user, session)
    if session.held_on > (today or date.today()):
        raise RecordInvalid([FieldError("session", f"{session.ref} is not held yet")])
    if motion not in ("programme", *REQUEST_MOTIONS):
        raise RecordInvalid([FieldError("motion", "is programme, grant, refuse or defer")])
    if motion in REQUEST_MOTIONS:
        if request is None:
            raise RecordInvalid([FieldError("request", "is required for this motion")])
        if request.session_id != session.pk:
            refuse("assistance.not_on_agenda", request=request.ref, session=session.ref)
        if request.status != "on_agenda":
            refuse(
                "assistance.step",
                request=request.ref,
                stage=request.status,
                step={"en": "a decision", "nb": "et vedtak"},
            )
        title = title or request.title
    elif request is not None:
        raise RecordInvalid([FieldError("request", "a programme is not about a request")])
    title = (title or "").strip()[:300]
    if not title:
        raise RecordInvalid([FieldError("title", "is required")])
    amt, cur = None, ""
    if motion in ("programme", "grant"):
        if purpose_clause not in FUND_PURPOSES:
            refuse(
                "fund.purpose_outside",
                purpose=purpose_clause or "(blank)",
                known=", ".join(FUND_PURPOSES),
            )
        if amount not in (None, ""):
            cur = money.currency(currency)
            amt = money.amount(amount, cur)
        elif motion == "grant":
            raise RecordInvalid([FieldError("amount", "is required: the amount granted")])
    else:
        purpose_clause = ""
    cast = _votes(session, votes)
    conflict = list(request.conflict_parties) if request is not None else []
    outcome = V.decide(
        session.members, session.present, cast, V.DecisionKind.ORDINARY, conflict_parties=conflict
    )
    with transaction.atomic():
        n = FundDecision.objects.filter(session=session).count() + 1
        d = FundDecision.objects.create(
            ref=f"{session.ref} F{n}",
            session=session,
            motion=motion,
            title=title,
            purpose_clause=purpose_clause,
            amount=amt,
            currency=cur,
            request=request,
            votes=cast,
            carried=outcome.result,
            finding=finding_json(outcome),
            decided_on=session.held_on,
            synthetic=synthetic or bool(request and request.synthetic),
        )
        if request is not None and d.carried:
            request.status = EFFECT[motion]
            if motion == "defer":
                request.session = None
            request.save(update_fields=["status", "session"])
        log.record(
            user,
            "fund_decision",
            TARGET,
            d.id,
            {
                "decision": d.ref,
                "session": session.ref,
                "motion": motion,
                "title": title,
                "purpose_clause": purpose_clause,
                "amount": str(amt) if amt is not None else None,
                "currency": cur,
                "request": request.ref if request else None,
                "votes": cast,
                "carried": d.carried,
                "citations": list(outcome.labels()),
            },
            summary=f"{d.ref}: {motion} {'carried' if d.carried else 'not carried'}"
            + (f" on {request.ref}" if request else ""),
        )
    return d
