"""Writes of the procedure before the Committee: tentative lists, recommendations, requests,
registration, notification, representations, responses, advice, withdrawal.

Each write: the rules of ``procedure`` first, then one transaction with one audit entry.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from shield.accounts import roles
from shield.audit import log
from shield.parties.models import State
from shield.registry.services import NotAllowed
from shield.registry.validation import FieldError, RecordInvalid

from . import procedure as P
from .models import Initiative, Notification, Request, Submission, TentativeEntry

TARGET = "listing_request"


def audit(user, req: Request, action: str, changes: dict, summary: str = "") -> None:
    log.record(user, action, TARGET, req.id, changes, summary=(summary or f"{req.ref} {action}")[:300])


def _state(code: str, field: str = "state") -> State:
    state = State.objects.filter(code=(code or "").upper()).first()
    if state is None:
        raise RecordInvalid([FieldError(field, f"{code!r} is not a known State code")])
    return state


def _date(value, field: str, today: date | None = None) -> date:
    if isinstance(value, date):
        out = value
    else:
        try:
            out = date.fromisoformat(str(value))
        except ValueError:
            raise RecordInvalid([FieldError(field, f"{value!r} is not a date (YYYY-MM-DD)")]) from None
    if today and out > today:
        raise RecordInvalid([FieldError(field, f"{out.isoformat()} is in the future")])
    return out


def _secretariat(user, what: str) -> None:
    if not roles.is_staff_role(user):
        raise NotAllowed(f"Art. 28: only the Secretariat may {what}")


def acting_state(user, code: str, what: str) -> State:
    """The State a Party's officer acts for, which must be ``code`` (the Secretariat may record
    a Party's act on its behalf)."""
    state = _state(code)
    if roles.is_staff_role(user):
        return state
    if not roles.has_role(user, roles.PARTY_OFFICER):
        raise NotAllowed(f"Art. 11(2): only a Party's officer may {what}")
    mine = roles.state_of(user)
    P.check_acts_for(mine.code if mine else None, state.code, what)
    return state


def jurisdiction_of(prop) -> set[str]:
    """The inventory State and any State recorded with control (Art. 11(2))."""
    held = {prop.inventory_state.code}
    held |= set(prop.claims.filter(role="control").values_list("state__code", flat=True))
    return held


def next_ref(year: int) -> str:
    prefix = f"EP-{year}-"
    n = Request.objects.filter(ref__startswith=prefix).count() + 1
    while Request.objects.filter(ref=f"{prefix}{n:03d}").exists():
        n += 1
    return f"{prefix}{n:03d}"


def add_tentative(user, prop, state_code: str, submitted_on, note: str = "") -> TentativeEntry:
    """Art. 11(1): a Party lists property it intends to request enhanced protection for."""
    state = acting_state(user, state_code, "submit a tentative list")
    P.check_jurisdiction(state.code, jurisdiction_of(prop))
    day = _date(submitted_on, "submitted_on", date.today())
    with transaction.atomic():
        entry, created = TentativeEntry.objects.get_or_create(state=state, property=prop,
                                                              defaults={"submitted_on": day, "note": note})
        if created:
            log.record(user, "tentative_list_add", "property", prop.id,
                       {"state": state.code, "submitted_on": day.isoformat()},
                       summary=f"{prop.code} on {state.code}'s tentative list (Art. 11(1))")
    return entry


def add_initiative(user, prop, kind: str, text: str, dated, by_state: str = "", by_organisation: str = "",
                   invited_state: str = "") -> Initiative:
    """Art. 11(3): a recommendation by a Party, the ICBS or an NGO; the Committee's invitation
    (recorded by the Secretariat) to the Party with jurisdiction or control (Art. 11(2))."""
    if kind not in ("recommendation", "invitation"):
        raise RecordInvalid([FieldError("kind", "is recommendation or invitation")])
    if not (text or "").strip():
        raise RecordInvalid([FieldError("text", "is required")])
    day = _date(dated, "dated", date.today())
    fields = {"by_organisation": by_organisation.strip()}
    if kind == "invitation":
        _secretariat(user, "record the Committee's invitation")
        fields["invited_state"] = _state(invited_state or prop.inventory_state.code, "invited_state")
        P.check_jurisdiction(fields["invited_state"].code, jurisdiction_of(prop))
    elif by_state:
        fields["by_state"] = acting_state(user, by_state, "recommend property")
    elif not by_organisation.strip():
        raise RecordInvalid([FieldError("by_organisation", "name the Party or the organisation (Art. 11(3))")])
    else:
        _secretariat(user, "record an organisation's recommendation")
    with transaction.atomic():
        ini = Initiative.objects.create(kind=kind, property=prop, text=text, dated=day, **fields)
        log.record(user, f"listing_{kind}", "property", prop.id,
                   {"kind": kind, "dated": day.isoformat(), "by": (ini.by_state.code if ini.by_state else by_organisation)},
                   summary=f"{prop.code} {kind} ({'Art. 11(3)' if kind == 'recommendation' else 'Art. 11(2)'})")
    return ini


def submit_request(user, prop, data: dict, today: date | None = None) -> Request:
    """Art. 11(2): the Party with jurisdiction or control requests enhanced protection."""
    today = today or date.today()
    state = acting_state(user, data.get("state", ""), "request enhanced protection")
    P.check_jurisdiction(state.code, jurisdiction_of(prop))
    evidence = {c: (data.get(f"evidence_{c}") or "").strip() for c in P.CRITERIA}
    emergency = bool(data.get("emergency"))
    conflict = sorted({_state(c, "conflict_parties").code for c in data.get("conflict_parties") or []})
    assistance = (data.get("assistance_ref") or "").strip()
    problems = P.request_problems(evidence, bool(data.get("declaration")), emergency, assistance, conflict)
    if problems:
        raise RecordInvalid([FieldError(f, m) for f, m in problems])
    day = _date(data.get("submitted_on") or today, "submitted_on", today)
    if Request.objects.filter(property=prop, status__in=P.OPEN).exists():
        raise P.ProcedureRefused("Art. 11(2)", f"{prop.code} already has a request in progress", "property")
    with transaction.atomic():
        req = Request.objects.create(
            ref=next_ref(day.year), property=prop, state=state, evidence_a=evidence["a"],
            evidence_b=evidence["b"], evidence_c=evidence["c"], declaration=True, emergency=emergency,
            conflict_parties=conflict, assistance_ref=assistance, submitted_on=day)
        audit(user, req, "submitted", {"property": prop.code, "state": state.code, "emergency": emergency,
                                       "conflict_parties": conflict, "submitted_on": day.isoformat()},
              f"{req.ref}: {state.code} requests {'provisional ' if emergency else ''}enhanced protection "
              f"for {prop.code} (Art. {'11(9)' if emergency else '11(2)'})")
    return req


def withdraw(user, req: Request, today: date | None = None) -> Request:
    acting_state(user, req.state.code, "withdraw the request")
    P.check_step(req.status, "withdraw")
    with transaction.atomic():
        req.status, req.withdrawn_on = P.WITHDRAWN, today or date.today()
        req.save(update_fields=["status", "withdrawn_on"])
        audit(user, req, "withdrawn", {"withdrawn_on": req.withdrawn_on.isoformat()})
    return req


def register(user, req: Request, registered_on=None, today: date | None = None) -> Request:
    """The Secretariat registers the request on receipt. An emergency request is transmitted at
    once to the parties to the conflict (Art. 11(9))."""
    today = today or date.today()
    _secretariat(user, "register a request")
    P.check_step(req.status, "register")
    day = _date(registered_on or today, "registered_on", today)
    if day < req.submitted_on:
        raise RecordInvalid([FieldError("registered_on", "is before the request was submitted")])
    with transaction.atomic():
        req.status, req.registered_on = P.REGISTERED, day
        req.save(update_fields=["status", "registered_on"])
        sent = []
        if req.emergency:
            sent = _notify(req, "emergency", State.objects.filter(code__in=req.conflict_parties), day)
        audit(user, req, "registered", {"registered_on": day.isoformat(), "transmitted_to": sent},
              f"{req.ref} registered" + (" and transmitted to the parties to the conflict (Art. 11(9))" if sent else ""))
    return req


def all_parties(on: date):
    """States bound by the Protocol on ``on`` (shield.treaty.status over the register)."""
    from django.db.models import Q

    from shield.parties.register import current_register
    from shield.treaty import status

    names = status.parties_on(on, current_register()).result
    return State.objects.filter(Q(name_en__in=names) | Q(code__in=names)).order_by("code")


def _notify(req: Request, kind: str, states, day: date, decision=None, secretary_general=False) -> list[str]:
    rows = []
    if secretary_general:
        rows.append(Notification(request=req, kind=kind, addressee="Secretary-General of the United Nations",
                                 sent_on=day, decision=decision))
    rows += [Notification(request=req, kind=kind, state=s, addressee=s.name_en, sent_on=day, decision=decision)
             for s in states]
    Notification.objects.bulk_create(rows)
    return [r.state.code if r.state else "UN-SG" for r in rows]


def notify(user, req: Request, notified_on=None, today: date | None = None) -> Request:
    """Art. 11(5): all Parties are informed of the request; the sixty days run from here."""
    today = today or date.today()
    _secretariat(user, "notify the Parties")
    P.check_step(req.status, "notify")
    day = _date(notified_on or today, "notified_on", today)
    if day < req.registered_on:
        raise RecordInvalid([FieldError("notified_on", "is before the request was registered")])
    with transaction.atomic():
        req.status, req.notified_on = P.NOTIFIED, day
        req.save(update_fields=["status", "notified_on"])
        sent = _notify(req, "receipt", all_parties(day), day)
        audit(user, req, "notified", {"notified_on": day.isoformat(), "addressees": len(sent),
                                      "window_closes": req.window_closes.isoformat()},
              f"{req.ref}: {len(sent)} Parties informed; representations until {req.window_closes} (Art. 11(5))")
    return req


def _attachments(items) -> list[dict]:
    out = []
    for i, item in enumerate(items or []):
        title = (item.get("title") or "").strip() if isinstance(item, dict) else str(item).strip()
        ref = (item.get("ref") or "").strip() if isinstance(item, dict) else ""
        if not title:
            raise RecordInvalid([FieldError(f"attachments[{i}].title", "is required")])
        out.append({"title": title, "ref": ref})
    return out


def represent(user, req: Request, data: dict, today: date | None = None) -> Submission:
    """Art. 11(5): a Party's representation, on one criterion of Art. 10, with facts."""
    today = today or date.today()
    state = acting_state(user, data.get("state", ""), "make representations")
    if state.pk == req.state_id:
        raise P.ProcedureRefused("Art. 11(5)", "the requesting Party responds to representations; it does "
                                 "not make them", "state")
    P.check_step(req.status, "represent")
    day = _date(data.get("submitted_on") or today, "submitted_on", today)
    P.check_representation(data.get("criterion") or "", data.get("facts") or "", req.notified_on, day, req.emergency)
    return _submit(user, req, "representation", day, state=state, criterion=data["criterion"],
                   facts=data["facts"].strip(), attachments=_attachments(data.get("attachments")))


def respond(user, req: Request, data: dict, today: date | None = None) -> Submission:
    """Art. 11(5): the requesting Party's response to the representations."""
    today = today or date.today()
    state = acting_state(user, req.state.code, "respond to representations")
    P.check_step(req.status, "respond")
    if not (data.get("facts") or "").strip():
        raise RecordInvalid([FieldError("facts", "is required")])
    day = _date(data.get("submitted_on") or today, "submitted_on", today)
    return _submit(user, req, "response", day, state=state, facts=data["facts"].strip(),
                   criterion=data.get("criterion") or "", attachments=_attachments(data.get("attachments")))


def advise(user, req: Request, data: dict, today: date | None = None) -> Submission:
    """Art. 11(6): advice of governmental and non-governmental organisations and experts,
    recorded by the Secretariat."""
    today = today or date.today()
    _secretariat(user, "record advice")
    P.check_step(req.status, "advise")
    org = (data.get("organisation") or "").strip()
    if not org:
        raise RecordInvalid([FieldError("organisation", "is required: who gives the advice (Art. 11(6))")])
    if not (data.get("facts") or "").strip():
        raise RecordInvalid([FieldError("facts", "is required")])
    crit = data.get("criterion") or ""
    if crit and crit not in P.CRITERIA:
        raise RecordInvalid([FieldError("criterion", "is a, b or c (Art. 10)")])
    day = _date(data.get("submitted_on") or today, "submitted_on", today)
    return _submit(user, req, "advice", day, organisation=org, criterion=crit, facts=data["facts"].strip(),
                   attachments=_attachments(data.get("attachments")))


def _submit(user, req, kind, day, **fields) -> Submission:
    with transaction.atomic():
        sub = Submission.objects.create(request=req, kind=kind, submitted_on=day, **fields)
        by = sub.state.code if sub.state else sub.organisation
        audit(user, req, kind, {"by": by, "criterion": sub.criterion, "submitted_on": day.isoformat(),
                                "attachments": len(sub.attachments)},
              f"{req.ref}: {kind} by {by}" + (f" on Art. 10({sub.criterion})" if sub.criterion else ""))
    return sub
