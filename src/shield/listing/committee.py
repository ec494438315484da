"""The Committee's work: sessions, agenda, votes and decisions, and what a decision changes in
the List (Arts. 11(7)-(11), 13, 14, 24(2), 26). The outcome of every vote is computed by
``shield.treaty.votes.decide``; a carried motion writes the protection history through
``shield.registry.services.add_protection_event``.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from shield.accounts import roles
from shield.audit import log
from shield.parties.models import State
from shield.registry.present import events_of
from shield.registry.protection import state_on
from shield.registry.services import NotAllowed, add_protection_event
from shield.registry.validation import FieldError, RecordInvalid
from shield.treaty import votes as V

from . import procedure as P
from .models import Decision, Request, Session, ViewsCall
from .services import _date, _notify, _secretariat, all_parties, audit


def create_session(user, ref: str, kind: str, held_on, members: list[str], present: list[str]) -> Session:
    """A session of the Committee; one ordinary session a year (Art. 24(2))."""
    _secretariat(user, "convene a session")
    ref = (ref or "").strip()
    if not ref:
        raise RecordInvalid([FieldError("ref", "is required (e.g. 19.COM)")])
    if Session.objects.filter(ref=ref).exists():
        raise RecordInvalid([FieldError("ref", f"{ref} exists already")])
    if kind not in ("ordinary", "extraordinary"):
        raise RecordInvalid([FieldError("kind", "is ordinary or extraordinary")])
    day = _date(held_on, "held_on")
    codes = [(c or "").strip().upper() for c in members if (c or "").strip()]
    known = set(State.objects.filter(code__in=codes).values_list("code", flat=True))
    errors = [FieldError("members", f"{c!r} is not a known State code") for c in codes if c not in known]
    if not codes:
        errors.append(FieldError("members", "the Committee's members are required (Art. 24(1))"))
    if len(set(codes)) != len(codes):
        errors.append(FieldError("members", "a member is listed twice"))
    here = [(c or "").strip().upper() for c in present if (c or "").strip()]
    errors += [FieldError("present", f"{c} is not a member") for c in here if c not in codes]
    if errors:
        raise RecordInvalid(errors)
    if kind == "ordinary" and Session.objects.filter(kind="ordinary", held_on__year=day.year).exists():
        raise P.ProcedureRefused("Art. 24(2)", f"the Committee meets once a year in ordinary session; "
                                 f"{day.year} has one already: convene an extraordinary session", "kind")
    with transaction.atomic():
        s = Session.objects.create(ref=ref, kind=kind, held_on=day, members=codes, present=sorted(set(here)))
        log.record(user, "session_created", "listing_session", s.id,
                   {"ref": ref, "kind": kind, "held_on": day.isoformat(), "members": codes, "present": s.present},
                   summary=f"Committee session {ref} ({kind})")
    return s


def add_to_agenda(user, session: Session, req: Request) -> None:
    _secretariat(user, "prepare the agenda")
    P.check_step(req.status, "agenda")
    with transaction.atomic():
        session.agenda.add(req)
        audit(user, req, "on_agenda", {"session": session.ref}, f"{req.ref} on the agenda of {session.ref}")


def open_views(user, req: Request, proposal: str, grounds: list[str], opened_on, note: str = "",
               today: date | None = None) -> ViewsCall:
    """Art. 14(4): before suspending or cancelling, the Parties are invited to give their views."""
    _secretariat(user, "invite the Parties' views")
    if proposal not in (P.SUSPEND, P.CANCEL):
        raise RecordInvalid([FieldError("proposal", "is suspend or cancel")])
    bad = [g for g in grounds if g not in P.SUSPENSION_GROUNDS]
    if not grounds or bad:
        raise P.ProcedureRefused("Art. 14(1)", "a suspension or cancellation rests on a criterion of Art. 10 "
                                 "(a, b, c) or on a serious violation of Art. 12 (art12)", "grounds", 422)
    day = _date(opened_on, "opened_on", today or date.today())
    with transaction.atomic():
        call = ViewsCall.objects.create(request=req, proposal=proposal, grounds=list(grounds), opened_on=day, note=note)
        sent = _notify(req, "views", all_parties(day), day)
        audit(user, req, "views_invited", {"proposal": proposal, "grounds": list(grounds), "opened_on": day.isoformat(),
                                           "addressees": len(sent)},
              f"{req.ref}: Parties invited to give views on a proposed {proposal} (Art. 14(4))")
    return call


def record_military_use(user, req: Request, action: str, effective_date, note: str = "",
                        today: date | None = None):
    """Art. 13(1)(b): enhanced protection is lost if and for as long as the property has by its
    use become a military objective; regained when that use ends."""
    _secretariat(user, "record the military use of listed property")
    if action not in ("lost_military_use", "regained"):
        raise RecordInvalid([FieldError("action", "is lost_military_use or regained")])
    day = _date(effective_date, "effective_date", today or date.today())
    with transaction.atomic():
        add_protection_event(user, req.property, "enhanced", action, day,
                             "Art. 13(1)(b): " + ("used as a military objective" if action != "regained" else "military use ended"),
                             note=note, check_rights=False)
        audit(user, req, action, {"effective_date": day.isoformat()}, f"{req.ref}: {action} (Art. 13(1)(b))")


def _may_record(user, session: Session) -> None:
    if roles.is_staff_role(user):
        return
    mine = roles.state_of(user)
    if roles.has_role(user, roles.COMMITTEE_MEMBER) and mine is not None and mine.code in session.members:
        return
    raise NotAllowed("Art. 24(1): only the Secretariat or a member of the Committee sitting in this session "
                     "records its decisions")


def decide(user, session: Session, req: Request, motion: str, votes: dict[str, str],
           grounds: list[str] | None = None) -> Decision:
    """Put ``motion`` to the vote in ``session``; record each member's vote and the outcome."""
    _may_record(user, session)
    grounds = list(grounds or [])
    if not session.agenda.filter(pk=req.pk).exists():
        raise P.ProcedureRefused("Art. 24(2)", f"{req.ref} is not on the agenda of {session.ref}", "request")
    day = session.held_on
    if motion in P.ON_REQUEST:
        emergency_path = req.emergency and motion in (P.PROVISIONAL_GRANT, P.DENY, P.DEFER) and req.status != P.PROVISIONAL
        P.check_decision_time(req.notified_on, day, emergency_path)
    listed = state_on(events_of(req.property), day).get("enhanced")
    views = [(c.proposal, c.opened_on) for c in req.views_calls.all()]
    P.check_motion(motion, req.status, req.emergency, req.assistance_ref, grounds,
                   listed.status if listed else None, views, day)
    cast = {k.upper(): v for k, v in (votes or {}).items() if v}
    for member, vote in cast.items():
        if vote not in V.VOTES:
            raise RecordInvalid([FieldError(f"votes.{member}", f"is one of {', '.join(V.VOTES)}")])
        if member not in session.present:
            raise RecordInvalid([FieldError(f"votes.{member}", "is not a member present at the session")])
    P.check_votes(session.members, session.present, cast, req.conflict_parties)
    reps = req.submissions.filter(kind="representation").exists()
    outcome = V.decide(session.members, session.present, cast, P.majority_kind(motion, reps),
                       conflict_parties=req.conflict_parties)
    with transaction.atomic():
        n = Decision.objects.filter(session=session).count() + 1
        d = Decision.objects.create(
            ref=f"{session.ref} {n}", session=session, request=req, motion=motion, grounds=grounds, votes=cast,
            carried=outcome.result, decided_on=day, finding=finding_json(outcome))
        audit(user, req, "decision", {"decision": d.ref, "motion": motion, "grounds": grounds, "votes": cast,
                                      "carried": d.carried, "citations": list(outcome.labels())},
              f"{req.ref}: {motion} {'carried' if d.carried else 'not carried'} in {session.ref} "
              f"[{', '.join(outcome.labels())}]")
        if d.carried:
            _apply(user, d)
    return d


_EFFECT = {  # motion -> (level, action, basis, notification kind)
    P.GRANT: ("enhanced", "granted", "Art. 11(10)", "inclusion"),
    P.EXCEPTIONAL: ("enhanced", "granted", "Art. 11(8), 11(10)", "inclusion"),
    P.PROVISIONAL_GRANT: ("provisional_enhanced", "granted", "Art. 11(9)", "inclusion"),
    P.SUSPEND: ("enhanced", "suspended", "Art. 14(1)", "suspension"),
    P.CANCEL: ("enhanced", "cancelled", "Art. 14(2)", "cancellation"),
    P.LIFT: ("enhanced", "restored", "Art. 14(1)", "restoration"),
}


def _apply(user, d: Decision) -> None:
    req = d.request
    was = req.status
    if d.motion in P.MOTION_RESULT:
        req.status = P.MOTION_RESULT[d.motion]
        req.save(update_fields=["status"])
    if d.motion == P.DENY and was == P.PROVISIONAL:  # provisional protection lasts pending the outcome (11(9))
        add_protection_event(user, req.property, "provisional_enhanced", "cancelled", d.decided_on,
                             f"Art. 11(9); decision {d.ref}: the regular procedure ended in a refusal", check_rights=False)
        sent = _notify(req, "cancellation", all_parties(d.decided_on), d.decided_on, decision=d, secretary_general=True)
        audit(user, req, "notified_cancellation", {"decision": d.ref, "addressees": len(sent)},
              f"{req.ref}: provisional enhanced protection ends; the Director-General notifies (Art. 14(3))")
    if d.motion not in _EFFECT:
        return
    level, action, art, kind = _EFFECT[d.motion]
    if d.motion in (P.SUSPEND, P.CANCEL) and "art12" in d.grounds:
        art = "Art. 14(2)"
    grounds = f" ({', '.join('Art. 12' if g == 'art12' else f'Art. 10({g})' for g in d.grounds)})" if d.grounds else ""
    add_protection_event(user, req.property, level, action, d.decided_on, f"{art}; decision {d.ref}{grounds}",
                         check_rights=False)
    sent = _notify(req, kind, all_parties(d.decided_on), d.decided_on, decision=d, secretary_general=True)
    audit(user, req, f"notified_{kind}", {"decision": d.ref, "addressees": len(sent)},
          f"{req.ref}: the Director-General notifies the Secretary-General and {len(sent) - 1} Parties "
          f"({'Art. 11(11)' if kind == 'inclusion' else 'Art. 14(3)'})")


def finding_json(f) -> dict:
    return {"result": bool(f.result) if isinstance(f.result, bool) else str(f.result),
            "reason": dict(f.reason), "citations": list(f.labels()),
            "parts": [{"reason": dict(p.reason), "citations": list(p.labels())} for p in f.parts]}
