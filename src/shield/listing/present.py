"""Requests, sessions and decisions as dicts for the API and the pages; the timeline from the
audit log."""

from __future__ import annotations

from shield.audit.models import AuditEntry
from shield.registry.disclosure import redact_changes, sees_exact, visible_to

from .models import Decision, Request, Session
from .services import TARGET


def request_for(user, ref: str) -> Request:
    """The request if the reader may see its property (restricted records stay hidden)."""
    from django.http import Http404

    req = Request.objects.select_related("property", "state", "property__inventory_state").filter(ref=ref).first()
    if req is None or not visible_to(user).filter(pk=req.property_id).exists():
        raise Http404(f"no request {ref}")
    return req


def session_for(ref: str) -> Session:
    from django.http import Http404

    s = Session.objects.filter(ref=ref).first()
    if s is None:
        raise Http404(f"no session {ref}")
    return s


def timeline(user, req: Request) -> list[dict]:
    exact = sees_exact(user, req.property)
    rows = AuditEntry.objects.filter(target_type=TARGET, target_id=str(req.id)).order_by("seq")
    return [{"at": e.at.isoformat(), "action": e.action, "actor": e.actor_label, "summary": e.summary,
             "changes": e.changes if exact else redact_changes(e.changes)} for e in rows]


def decision_dict(d: Decision) -> dict:
    return {"ref": d.ref, "session": d.session.ref, "request": d.request.ref, "motion": d.motion,
            "grounds": d.grounds, "votes": d.votes, "carried": d.carried, "decided_on": d.decided_on.isoformat(),
            "finding": d.finding}


def request_dict(user, req: Request, lang: str = "en", full: bool = True) -> dict:
    out = {
        "ref": req.ref, "status": req.status, "property": req.property.code,
        "property_name": req.property.display_name(lang), "state": req.state.code,
        "emergency": req.emergency, "conflict_parties": req.conflict_parties,
        "assistance_ref": req.assistance_ref, "submitted_on": req.submitted_on.isoformat(),
        "registered_on": req.registered_on.isoformat() if req.registered_on else None,
        "notified_on": req.notified_on.isoformat() if req.notified_on else None,
        "window_closes": req.window_closes.isoformat() if req.window_closes else None,
    }
    if full:
        out.update({
            "evidence": req.evidence(), "declaration": req.declaration,
            "submissions": [{"kind": s.kind, "state": s.state.code if s.state else None,
                             "organisation": s.organisation, "criterion": s.criterion, "facts": s.facts,
                             "attachments": s.attachments, "submitted_on": s.submitted_on.isoformat()}
                            for s in req.submissions.select_related("state")],
            "notifications": [{"kind": n.kind, "addressee": n.addressee, "state": n.state.code if n.state else None,
                               "sent_on": n.sent_on.isoformat(), "decision": n.decision.ref if n.decision else None}
                              for n in req.notifications.select_related("state", "decision")],
            "decisions": [decision_dict(d) for d in req.decisions.select_related("session", "request")],
            "sessions": [s.ref for s in req.sessions.all()],
            "timeline": timeline(user, req),
        })
    return out


def session_dict(s: Session) -> dict:
    return {"ref": s.ref, "kind": s.kind, "held_on": s.held_on.isoformat(), "members": s.members,
            "present": s.present, "agenda": [r.ref for r in s.agenda.all()],
            "decisions": [decision_dict(d) for d in s.decisions.select_related("session", "request")]}

