"""Requests, sessions and decisions as dicts for the API and the pages; the timeline from the
audit log."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext as _

from shield.audit.models import AuditEntry
from shield.registry.disclosure import redact_changes, sees_exact, visible_to
from shield.treaty import procedure as P
from shield.treaty.citations import Citation
from shield.treaty.provisions import provision

from .models import MOTION_CHOICES, Decision, MilitaryUseAssertion, Request, Session
from .services import TARGET, named


def request_for(user, ref: str) -> Request:
    """The request if the reader may see its property (restricted records stay hidden)."""
    from django.http import Http404

    req = (
        Request.objects.select_related("property", "state", "property__inventory_state")
        .filter(ref=ref)
        .first()
    )
    if req is None or not visible_to(user).filter(pk=req.property_id).exists():
        raise Http404(f"no request {ref}")
    return req


def session_for(ref: str) -> Session:
    from django.http import Http404

    s = Session.objects.filter(ref=ref).first()
    if s is None:
        raise Http404(f"no session {ref}")
    return s


ACT_DATES = {
    "submitted": "submitted_on",
    "registered": "registered_on",
    "notified": "notified_on",
    "representation": "submitted_on",
    "response": "submitted_on",
    "advice": "submitted_on",
    "withdrawn": "withdrawn_on",
    "on_agenda": "on",
    "views_invited": "opened_on",
    "military_use_asserted": "asserted_on",
    "decision": "decided_on",
}
"""Where each step of the timeline keeps the date of the act (the audit entry's own time is
when it was recorded)."""


def act_date(action: str, changes: dict, decided: dict[str, str]) -> str | None:
    """The date the act happened (ISO), from what its audit entry recorded; a decision and the
    notifications that follow it by the decision's date (entries written before the date was
    kept with them). None where no date of the act was recorded."""
    c = changes or {}
    if action.startswith("notified_"):
        return c.get("sent_on") or decided.get(str(c.get("decision", "")))
    found = c.get(ACT_DATES.get(action, ""))
    if not found and action == "decision":
        found = decided.get(str(c.get("decision", "")))
    return found or None


def dated_timeline(user, req: Request, lang: str = "en") -> list[dict]:
    """The timeline for the pages: each step with the date of the act (``on``) beside the time
    it was recorded (``at``)."""
    decided = {d.ref: d.decided_on.isoformat() for d in req.decisions.all()}
    rows = timeline(user, req, lang)
    for row in rows:
        row["on"] = act_date(row["action"], row["changes"], decided)
    return rows


def timeline(user, req: Request, lang: str = "en") -> list[dict]:
    exact = sees_exact(user, req.property)
    rows = AuditEntry.objects.filter(target_type=TARGET, target_id=str(req.id)).order_by("seq")
    return [
        {
            "at": e.at.isoformat(),
            "action": e.action,
            "actor": e.actor_label,
            "summary": e.summary,
            "text": describe_entry(e.action, e.changes, req, lang, e.summary),
            "changes": e.changes if exact else redact_changes(e.changes),
        }
        for e in rows
    ]


_LABEL = re.compile(r"(?:Convention )?Art\. [0-9]+(?:\([0-9a-z]+\))*")


def relabel(text: str, lang: str) -> str:
    """English labels in a stored summary, in the reader's label form."""
    if lang != "nb":
        return text
    return _LABEL.sub(lambda m: Citation.parse(m.group(0)).label("nb"), text)


def _cited(key: str, lang: str) -> str:
    return provision(key).label(lang)


def describe_entry(
    action: str, changes: dict, req: Request, lang: str = "en", summary: str = ""
) -> str:
    """One step of the request's timeline in the reader's language (the audit log keeps the
    English summary as written)."""
    lang = "nb" if lang == "nb" else "en"
    c = changes or {}
    with translation.override(lang):
        values = {"ref": req.ref}
        if action == "submitted":
            values.update(
                state=c.get("state", ""),
                property=c.get("property", ""),
                art=_cited(
                    "enhanced.emergency" if c.get("emergency") else "enhanced.request", lang
                ),
            )
            text = (
                _(
                    "%(ref)s: %(state)s requests provisional enhanced protection for %(property)s (%(art)s)"
                )
                if c.get("emergency")
                else _("%(ref)s: %(state)s requests enhanced protection for %(property)s (%(art)s)")
            ) % values
            if c.get("competing_claims"):
                text += "; " + _("competing claims recorded (%(art)s)") % {
                    "art": _cited("enhanced.disputed_territory", lang)
                }
            return text
        if action == "registered":
            if c.get("transmitted_to"):
                return _(
                    "%(ref)s registered and transmitted to the parties to the conflict (%(art)s)"
                ) % dict(values, art=_cited("enhanced.emergency", lang))
            return _("%(ref)s registered") % values
        if action == "notified":
            return _(
                "%(ref)s: %(n)s Parties informed; representations until %(d)s (%(art)s)"
            ) % dict(
                values,
                n=c.get("addressees", ""),
                d=c.get("window_closes", ""),
                art=_cited("enhanced.representations", lang),
            )
        if action in ("representation", "response", "advice"):
            kind = {
                "representation": _("representation"),
                "response": _("response"),
                "advice": _("advice"),
            }[action]
            text = _("%(ref)s: %(kind)s by %(by)s") % dict(values, kind=kind, by=c.get("by", ""))
            if c.get("criterion"):
                text += " " + _("on %(criterion)s") % {
                    "criterion": P.criterion_citation(c["criterion"]).label(lang)
                }
            return text
        if action == "on_agenda":
            return _("%(ref)s on the agenda of %(session)s") % dict(
                values, session=c.get("session", "")
            )
        if action == "withdrawn":
            return _("%(ref)s withdrawn") % values
        if action == "decision":
            motion = dict(MOTION_CHOICES).get(c.get("motion"), c.get("motion", ""))
            session = str(c.get("decision", "")).rsplit(" ", 1)[0]
            labels = ", ".join(Citation.parse(x).label(lang) for x in c.get("citations", []))
            return (
                _("%(ref)s: %(motion)s carried in %(session)s [%(labels)s]")
                if c.get("carried")
                else _("%(ref)s: %(motion)s not carried in %(session)s [%(labels)s]")
            ) % dict(values, motion=motion, session=session, labels=labels)
        if action.startswith("notified_"):
            kind = action.removeprefix("notified_")
            cites = P.NOTICE_CITATIONS.get(kind, ())[-1:]
            n = int(c.get("addressees") or 0)
            return _(
                "%(ref)s: the Director-General notifies the Secretary-General and %(n)s Parties (%(art)s)"
            ) % dict(values, n=max(n - 1, 0), art=", ".join(x.label(lang) for x in cites))
        if action == "views_invited":
            proposal = {"suspend": _("suspension"), "cancel": _("cancellation")}.get(
                c.get("proposal"), ""
            )
            return _(
                "%(ref)s: Parties invited to give views on a proposed %(proposal)s until %(d)s (%(art)s)"
            ) % dict(
                values,
                proposal=proposal,
                d=c.get("closes_on", ""),
                art=_cited("enhanced.views", lang),
            )
        if action == "military_use_asserted":
            return _(
                "%(ref)s: %(by)s asserts that the property became a military objective by its use from %(d)s "
                "(%(art)s); a claim, the List is unchanged"
            ) % dict(
                values,
                by=c.get("asserted_by", ""),
                d=c.get("period_from", ""),
                art=_cited("enhanced.loss.military_objective", lang),
            )
    return relabel(summary or action, lang)


def decision_dict(d: Decision, lang: str = "en") -> dict:
    return {
        "ref": d.ref,
        "session": d.session.ref,
        "request": d.request.ref,
        "motion": d.motion,
        "synthetic": d.request.synthetic or d.session.synthetic,
        "grounds": d.grounds,
        "continuous": d.continuous,
        "votes": d.votes,
        "carried": d.carried,
        "decided_on": d.decided_on.isoformat(),
        "basis": [c.label(lang) for c in d.basis],
        "finding": d.finding,
    }


def claims_of_request(req: Request, lang: str = "en") -> list[dict]:
    """The competing claims recorded with the request (provision ``enhanced.disputed_territory``),
    each worded as a claim with who makes it: never as established."""
    return [dict(c, text=P.describe_claim(c, lang, named)) for c in req.competing_claims or []]


def _by(a: MilitaryUseAssertion, lang: str) -> str:
    if a.asserted_by_state_id:
        return a.asserted_by_state.name_in(lang) + f" ({a.asserted_by_state.code})"
    return a.asserted_by_organisation


def assertion_dict(a: MilitaryUseAssertion, lang: str = "en") -> dict:
    by = _by(a, lang)
    start, end = a.period_from.isoformat(), a.period_to.isoformat() if a.period_to else None
    if lang == "nb":
        period = f"fra {start} til {end}" if end else f"fra {start}, fortsatt"
        text = (
            f"{by} hevdet {a.asserted_on.isoformat()} at kulturverdien ved sin bruk ble et militært mål "
            f"{period}: {a.facts} (en påstand, ikke en konstatering; listen er uendret)"
        )
    else:
        period = f"from {start} until {end}" if end else f"from {start}, continuing"
        text = (
            f"{by} asserted on {a.asserted_on.isoformat()} that the property became a military objective by its "
            f"use {period}: {a.facts} (a claim, not a finding; the List is unchanged)"
        )
    return {
        "id": str(a.id),
        "asserted_by": a.asserted_by,
        "asserted_by_name": by,
        "asserted_on": a.asserted_on.isoformat(),
        "period_from": start,
        "period_to": end,
        "facts": a.facts,
        "evidence": a.evidence,
        "recorded_by": a.recorded_by,
        "claim": True,
        "text": text,
        "citations": [c.label(lang) for c in _assertion_citations()],
    }


def _assertion_citations():
    from shield.treaty.provisions import provision

    return (provision("enhanced.loss.military_objective"),)


def assertions_of(req: Request, lang: str = "en") -> list[dict]:
    return [
        assertion_dict(a, lang)
        for a in req.military_use_assertions.select_related("asserted_by_state")
    ]


def request_dict(user, req: Request, lang: str = "en", full: bool = True) -> dict:
    out = {
        "ref": req.ref,
        "status": req.status,
        "status_label": P.STATUS_LABELS[req.status]["nb" if lang == "nb" else "en"],
        "property": req.property.code,
        "synthetic": req.synthetic or req.property.synthetic,
        "property_name": req.property.display_name(lang),
        "state": req.state.code,
        "emergency": req.emergency,
        "conflict_parties": req.conflict_parties,
        "assistance_ref": req.assistance_ref,
        "submitted_on": req.submitted_on.isoformat(),
        "registered_on": req.registered_on.isoformat() if req.registered_on else None,
        "notified_on": req.notified_on.isoformat() if req.notified_on else None,
        "window_closes": req.window_closes.isoformat() if req.window_closes else None,
        "competing_claims": claims_of_request(req, lang),
    }
    if full:
        out.update(
            {
                "evidence": req.evidence(),
                "declaration": req.declaration,
                "submissions": [
                    {
                        "kind": s.kind,
                        "state": s.state.code if s.state else None,
                        "organisation": s.organisation,
                        "criterion": s.criterion,
                        "facts": s.facts,
                        "attachments": s.attachments,
                        "submitted_on": s.submitted_on.isoformat(),
                    }
                    for s in req.submissions.select_related("state")
                ],
                "notifications": [
                    {
                        "kind": n.kind,
                        "addressee": n.addressee,
                        "state": n.state.code if n.state else None,
                        "sent_on": n.sent_on.isoformat(),
                        "decision": n.decision.ref if n.decision else None,
                    }
                    for n in req.notifications.select_related("state", "decision")
                ],
                "decisions": [
                    decision_dict(d, lang)
                    for d in req.decisions.select_related("session", "request")
                ],
                "military_use_assertions": assertions_of(req, lang),
                "sessions": [s.ref for s in req.sessions.all()],
                "timeline": dated_timeline(user, req, lang),
            }
        )
    return out


def session_dict(s: Session, lang: str = "en") -> dict:
    return {
        "ref": s.ref,
        "kind": s.kind,
        "held_on": s.held_on.isoformat(),
        "synthetic": s.synthetic,
        "members": s.members,
        "present": s.present,
        "agenda": [r.ref for r in s.agenda.all()],
        "decisions": [
            decision_dict(d, lang) for d in s.decisions.select_related("session", "request")
        ],
    }
