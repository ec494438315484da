"""The Committee's work: sessions, agenda, votes and decisions, and what a decision changes in
the List (provisions ``enhanced.decision`` to ``enhanced.notification``, ``enhanced.suspension``
to ``enhanced.views``, ``committee.sessions``, ``committee.quorum_and_majority``). The rules are
``shield.treaty.procedure``'s; the outcome of every vote is computed by
``shield.treaty.votes.decide``; a carried motion writes the protection history through
``shield.registry.services.add_protection_event``. An assertion of military use is recorded
as a claim and writes nothing there.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from shield.accounts import roles
from shield.audit import log
from shield.registry.present import events_of
from shield.registry.protection import state_on
from shield.registry.services import add_protection_event
from shield.registry.validation import FieldError, RecordInvalid
from shield.treaty import procedure as P
from shield.treaty import votes as V
from shield.treaty.refusals import refuse

from .models import Decision, MilitaryUseAssertion, Request, Session, ViewsCall
from .services import (
    _attachments,
    _date,
    _notify,
    _secretariat,
    acting_state,
    all_parties,
    audit,
    label,
    named,
    property_named,
)


def create_session(
    user,
    ref: str,
    kind: str,
    held_on,
    members: list[str] | None = None,
    present: list[str] | None = None,
    today: date | None = None,
) -> Session:
    """A session of the Committee, held on or before today; one ordinary session a year.

    Its members are the Parties seated by election on the session's date
    (``shield.parties.elections.session_roster``): ``members`` omitted (or empty) takes them
    from the seats, a given list must be exactly they. ``present`` omitted means every member."""
    from shield.parties.elections import session_roster
    from shield.treaty.committee import check_not_future
    from shield.treaty.refusals import refuse

    _secretariat(user, "convene a session")
    ref = (ref or "").strip()
    if not ref:
        raise RecordInvalid([FieldError("ref", "is required (e.g. 19.COM)")])
    if Session.objects.filter(ref=ref).exists():
        raise RecordInvalid([FieldError("ref", f"{ref} exists already")])
    if kind not in ("ordinary", "extraordinary"):
        raise RecordInvalid([FieldError("kind", "is ordinary or extraordinary")])
    day = _date(held_on, "held_on")
    check_not_future(day, today or date.today(), {"en": f"session {ref}", "nb": f"sesjon {ref}"})
    codes = session_roster(day, members)
    here = (
        codes
        if present is None
        else [(c or "").strip().upper() for c in present if (c or "").strip()]
    )
    errors = [FieldError("present", f"{c} is not a member") for c in here if c not in codes]
    if errors:
        raise RecordInvalid(errors)
    if kind == "ordinary":
        other = Session.objects.filter(kind="ordinary", held_on__year=day.year).first()
        if other is not None:
            refuse("committee.one_ordinary_session", year=day.year, ref=other.ref)
    with transaction.atomic():
        s = Session.objects.create(
            ref=ref, kind=kind, held_on=day, members=codes, present=sorted(set(here))
        )
        log.record(
            user,
            "session_created",
            "listing_session",
            s.id,
            {
                "ref": ref,
                "kind": kind,
                "held_on": day.isoformat(),
                "members": codes,
                "present": s.present,
            },
            summary=f"Committee session {ref} ({kind})",
        )
    return s


def add_to_agenda(user, session: Session, req: Request) -> None:
    _secretariat(user, "agenda")
    P.check_step(req.status, "agenda")
    with transaction.atomic():
        session.agenda.add(req)
        audit(
            user,
            req,
            "on_agenda",
            {"session": session.ref, "on": date.today().isoformat()},
            f"{req.ref} on the agenda of {session.ref}",
        )


def open_views(
    user,
    req: Request,
    proposal: str,
    grounds: list[str],
    opened_on,
    closes_on=None,
    note: str = "",
    today: date | None = None,
) -> ViewsCall:
    """Before suspending or cancelling, the Parties are invited to make their views known, by a
    date set now (``enhanced.views``; ``shield.treaty.procedure.VIEWS_READING``)."""
    today = today or date.today()
    _secretariat(user, "views")
    if proposal not in (P.SUSPEND, P.CANCEL):
        raise RecordInvalid([FieldError("proposal", "is suspend or cancel")])
    grounds = list(grounds or [])
    if not grounds or any(g not in P.SUSPENSION_GROUNDS for g in grounds):
        refuse("procedure.suspension_grounds", grounds=P.grounds_value(grounds))
    day = _date(opened_on or today, "opened_on", today, "views")
    last = _parse_day(closes_on, "closes_on") if closes_on else None
    P.check_views_period(day, last)
    with transaction.atomic():
        call = ViewsCall.objects.create(
            request=req,
            proposal=proposal,
            grounds=grounds,
            opened_on=day,
            closes_on=last,
            note=note,
        )
        sent = _notify(req, "views", all_parties(day), day)
        audit(
            user,
            req,
            "views_invited",
            {
                "proposal": proposal,
                "grounds": grounds,
                "opened_on": day.isoformat(),
                "closes_on": last.isoformat(),
                "addressees": len(sent),
            },
            f"{req.ref}: Parties invited to give views on a proposed {proposal} until {last.isoformat()} "
            f"({label('enhanced.views')})",
        )
    return call


def _parse_day(value, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise RecordInvalid([FieldError(field, f"{value!r} is not a date (YYYY-MM-DD)")]) from None


def assert_military_use(
    user, req: Request, data: dict, today: date | None = None
) -> MilitaryUseAssertion:
    """Record that a State or an organisation asserts that the listed property has, by its use,
    become a military objective (``enhanced.loss.military_objective``): who asserts it, when, for
    which period, on what facts and evidence. A claim: it never changes the List or the
    protection history; only a decision of the Committee suspends or cancels
    (``shield.treaty.procedure.MILITARY_USE_READING``). The Secretariat records for anyone; a
    Party's officer records its own State's assertions."""
    today = today or date.today()
    code = (data.get("asserted_by_state") or "").strip()
    org = (data.get("asserted_by_organisation") or "").strip()
    state = acting_state(user, code, "assertion") if code else None
    if state is None and org:
        _secretariat(user, "assertion")
    asserted_on = _date(data.get("asserted_on") or today, "asserted_on", today, "assertion")
    start = _date(data.get("period_from") or asserted_on, "period_from", today, "assertion")
    end = (
        _date(data["period_to"], "period_to", today, "assertion") if data.get("period_to") else None
    )
    facts = (data.get("facts") or "").strip()
    P.check_assertion(
        req.status,
        state.code if state else None,
        org,
        facts,
        start,
        end,
        property_named(req.property),
    )
    evidence = _attachments(data.get("evidence"), "evidence")
    with transaction.atomic():
        a = MilitaryUseAssertion.objects.create(
            request=req,
            property=req.property,
            asserted_by_state=state,
            asserted_by_organisation="" if state else org,
            asserted_on=asserted_on,
            period_from=start,
            period_to=end,
            facts=facts,
            evidence=evidence,
            recorded_by=getattr(user, "username", "") or "system",
        )
        audit(
            user,
            req,
            "military_use_asserted",
            {
                "asserted_by": a.asserted_by,
                "asserted_on": asserted_on.isoformat(),
                "period_from": start.isoformat(),
                "period_to": end.isoformat() if end else None,
                "evidence": len(evidence),
            },
            f"{req.ref}: {a.asserted_by} asserts that {req.property.code} became a military objective by its use "
            f"from {start.isoformat()} ({label('enhanced.loss.military_objective')}); a claim, the List is unchanged",
        )
    return a


def _may_record(user, session: Session) -> None:
    if roles.is_staff_role(user):
        return
    mine = roles.state_of(user)
    if (
        roles.has_role(user, roles.COMMITTEE_MEMBER)
        and mine is not None
        and mine.code in session.members
    ):
        return
    refuse("procedure.committee_only", session=session.ref)


def decide(
    user,
    session: Session,
    req: Request,
    motion: str,
    votes: dict[str, str],
    grounds: list[str] | None = None,
    continuous: bool = False,
    today: date | None = None,
) -> Decision:
    """Put ``motion`` to the vote in ``session``; record each member's vote and the outcome.
    ``continuous``: the Committee finds violations of the immunity continuous (needed to cancel
    on that ground, ``shield.treaty.procedure.CANCELLATION_READING``)."""
    _may_record(user, session)
    grounds = list(grounds or [])
    day = session.held_on
    P.check_not_future("decision", day, today or date.today(), "held_on")
    if not session.agenda.filter(pk=req.pk).exists():
        refuse("procedure.not_on_agenda", request=req.ref, session=session.ref)
    if motion in P.ON_REQUEST:
        emergency_path = (
            req.emergency
            and motion in (P.PROVISIONAL_GRANT, P.DENY, P.DEFER)
            and req.status != P.PROVISIONAL
        )
        P.check_decision_time(req.notified_on, day, emergency_path)
    listed = state_on(events_of(req.property), day).get("enhanced")
    views = [c.opportunity() for c in req.views_calls.all()]
    P.check_motion(
        motion,
        req.status,
        req.emergency,
        req.assistance_ref,
        grounds,
        listed.status if listed else None,
        views,
        day,
        continuous=bool(continuous),
    )
    cast = {k.upper(): v for k, v in (votes or {}).items() if v}
    for member, vote in cast.items():
        if vote not in V.VOTES:
            raise RecordInvalid([FieldError(f"votes.{member}", f"is one of {', '.join(V.VOTES)}")])
        if member not in session.present:
            refuse(
                "procedure.vote_not_present",
                field=f"votes.{member}",
                member=named(member),
                session=session.ref,
            )
    P.check_votes(session.members, session.present, cast, req.conflict_parties, named)
    reps = req.submissions.filter(kind="representation").exists()
    outcome = V.decide(
        session.members,
        session.present,
        cast,
        P.majority_kind(motion, reps),
        conflict_parties=req.conflict_parties,
    )
    with transaction.atomic():
        n = Decision.objects.filter(session=session).count() + 1
        d = Decision.objects.create(
            ref=f"{session.ref} {n}",
            session=session,
            request=req,
            motion=motion,
            grounds=grounds,
            continuous=bool(continuous),
            votes=cast,
            carried=outcome.result,
            decided_on=day,
            finding=finding_json(outcome),
        )
        audit(
            user,
            req,
            "decision",
            {
                "decision": d.ref,
                "decided_on": day.isoformat(),
                "motion": motion,
                "grounds": grounds,
                "votes": cast,
                "continuous": d.continuous,
                "carried": d.carried,
                "citations": list(outcome.labels()),
            },
            f"{req.ref}: {motion} {'carried' if d.carried else 'not carried'} in {session.ref} "
            f"[{', '.join(outcome.labels())}]",
        )
        if d.carried:
            _apply(user, d)
    return d


_EFFECT = {  # motion -> (level, action, notification kind)
    P.GRANT: ("enhanced", "granted", "inclusion"),
    P.EXCEPTIONAL: ("enhanced", "granted", "inclusion"),
    P.PROVISIONAL_GRANT: ("provisional_enhanced", "granted", "inclusion"),
    P.SUSPEND: ("enhanced", "suspended", "suspension"),
    P.CANCEL: ("enhanced", "cancelled", "cancellation"),
    P.LIFT: ("enhanced", "restored", "restoration"),
}


def _labels(citations) -> str:
    return ", ".join(c.label("en") for c in citations)


def _apply(user, d: Decision) -> None:
    req = d.request
    was = req.status
    if d.motion in P.MOTION_RESULT:
        req.status = P.MOTION_RESULT[d.motion]
        req.save(update_fields=["status"])
    if (
        d.motion == P.DENY and was == P.PROVISIONAL
    ):  # provisional protection lasts pending the outcome
        add_protection_event(
            user,
            req.property,
            "provisional_enhanced",
            "cancelled",
            d.decided_on,
            f"{_labels(P.motion_citations(P.PROVISIONAL_GRANT))}; decision {d.ref}: the regular "
            "procedure ended in a refusal",
            check_rights=False,
        )
        sent = _notify(
            req,
            "cancellation",
            all_parties(d.decided_on),
            d.decided_on,
            decision=d,
            secretary_general=True,
        )
        audit(
            user,
            req,
            "notified_cancellation",
            {"decision": d.ref, "addressees": len(sent), "sent_on": d.decided_on.isoformat()},
            f"{req.ref}: provisional enhanced protection ends; the Director-General notifies "
            f"({_labels(P.NOTICE_CITATIONS['cancellation'])})",
        )
    if d.motion not in _EFFECT:
        return
    level, action, kind = _EFFECT[d.motion]
    grounds = f" ({'; '.join(P.ground_label(g, 'en') for g in d.grounds)})" if d.grounds else ""
    add_protection_event(
        user,
        req.property,
        level,
        action,
        d.decided_on,
        f"{_labels(d.basis)}; decision {d.ref}{grounds}",
        check_rights=False,
    )
    sent = _notify(
        req, kind, all_parties(d.decided_on), d.decided_on, decision=d, secretary_general=True
    )
    audit(
        user,
        req,
        f"notified_{kind}",
        {"decision": d.ref, "addressees": len(sent), "sent_on": d.decided_on.isoformat()},
        f"{req.ref}: the Director-General notifies the Secretary-General and {len(sent) - 1} Parties "
        f"({_labels(P.NOTICE_CITATIONS[kind][-1:])})",
    )


def finding_json(f) -> dict:
    return {
        "result": bool(f.result) if isinstance(f.result, bool) else str(f.result),
        "reason": dict(f.reason),
        "citations": list(f.labels()),
        "parts": [{"reason": dict(p.reason), "citations": list(p.labels())} for p in f.parts],
    }
