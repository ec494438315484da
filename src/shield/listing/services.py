"""Writes of the procedure before the Committee: tentative lists, recommendations, requests,
registration, notification, representations, responses, advice, withdrawal.

Each write: the rules of ``shield.treaty.procedure`` first (who may act, party status and
jurisdiction or control on the act's date, the order of steps), then one transaction with one
audit entry. A refused act writes nothing. Every refusal is a declared kind of
``shield.treaty`` with its citations and its reason in English and Norwegian.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from shield.accounts import roles
from shield.audit import log
from shield.parties.models import State
from shield.registry.validation import FieldError, RecordInvalid
from shield.treaty import procedure as P
from shield.treaty import states
from shield.treaty.provisions import provision
from shield.treaty.refusals import refuse

from .models import Initiative, Notification, Request, Submission, TentativeEntry

TARGET = "listing_request"


def label(key: str) -> str:
    """A provision's label for the audit log (English, the log's language)."""
    return provision(key).label("en")


def audit(user, req: Request, action: str, changes: dict, summary: str = "") -> None:
    log.record(
        user, action, TARGET, req.id, changes, summary=(summary or f"{req.ref} {action}")[:300]
    )


def named(code: str):
    """A State as a refusal names it, in both languages: 'Italy (ITA)' / 'Italia (ITA)'."""
    try:
        return states.named(code)
    except (LookupError, ValueError):
        row = State.objects.filter(code=code).first()
        if row is None:
            return code
        return {"en": f"{row.name_en} ({code})", "nb": f"{row.name_in('nb')} ({code})"}


def property_named(prop) -> dict:
    return {lang: f"{prop.display_name(lang)} ({prop.code})" for lang in ("en", "nb")}


def _state(code, field: str = "state") -> State:
    from shield.parties.identity import state_for

    return state_for(code, field)


FIELD_ACTS = {
    "registered_on": "registration",
    "notified_on": "notification",
    "opened_on": "views",
    "dated": "recommendation",
    "withdrawn_on": "withdrawal",
}


def _date(value, field: str, today: date | None = None, act: str | None = None) -> date:
    """A date from a form or a body; for an act of the procedure (``act``, or one known by its
    field), a date after ``today`` is refused: the act has not happened."""
    if isinstance(value, date):
        out = value
    else:
        try:
            out = date.fromisoformat(str(value).strip())
        except ValueError:
            raise RecordInvalid(
                [FieldError(field, f"{value!r} is not a date (YYYY-MM-DD)")]
            ) from None
    act = act or FIELD_ACTS.get(field)
    if act is not None:
        P.check_not_future(act, out, today or date.today(), field)
    return out


def _secretariat(user, task: str) -> None:
    """What the Secretariat does for the Committee (provision ``secretariat``)."""
    if task not in P.SECRETARIAT_TASKS:  # a task named in words (e.g. "convene a session")
        task = next(k for k, v in P.SECRETARIAT_TASKS.items() if v["en"] == task)
    P.check_secretariat(roles.is_staff_role(user), task)


def acting_state(user, code, act: str) -> State:
    """The State a Party's officer acts for, which must be ``code`` (the Secretariat may record
    a State's act on its behalf)."""
    state = _state(code)
    if roles.is_staff_role(user):
        return state
    mine = roles.state_of(user) if roles.has_role(user, roles.PARTY_OFFICER) else None
    P.check_acts_for(mine.code if mine else None, state.code, act, named)
    return state


def check_party(state: State, on: date, act: str, field: str = "state") -> None:
    """A right the Protocol gives to Parties: the State must be a Party on the act's date."""
    from shield.parties.register import current_register

    P.check_party(state.code, on, act, current_register(), named, field)


def claims_of(prop) -> list[P.Claim]:
    return [P.Claim.of(c) for c in prop.claims.select_related("state")]


def jurisdiction(prop, state: State, on: date, field: str = "state") -> list[dict]:
    """Jurisdiction or control on the day, from the property's dated claims; the competing
    claims to record with the act (empty where one State alone claims the place)."""
    competing = P.check_claims(state.code, claims_of(prop), on, property_named(prop), named, field)
    return [c.as_dict(named) for c in competing]


def next_ref(year: int) -> str:
    prefix = f"EP-{year}-"
    n = Request.objects.filter(ref__startswith=prefix).count() + 1
    while Request.objects.filter(ref=f"{prefix}{n:03d}").exists():
        n += 1
    return f"{prefix}{n:03d}"


def add_tentative(
    user, prop, state_code: str, submitted_on=None, note: str = "", today: date | None = None
) -> TentativeEntry:
    """A Party lists property it intends to request enhanced protection for (``enhanced.tentative_list``)."""
    today = today or date.today()
    state = acting_state(user, state_code, "tentative_list")
    day = _date(submitted_on or today, "submitted_on", today, "tentative_list")
    check_party(state, day, "tentative_list")
    competing = jurisdiction(prop, state, day)
    with transaction.atomic():
        entry, created = TentativeEntry.objects.get_or_create(
            state=state,
            property=prop,
            defaults={"submitted_on": day, "note": note, "competing_claims": competing},
        )
        if created:
            log.record(
                user,
                "tentative_list_add",
                "property",
                prop.id,
                {
                    "state": state.code,
                    "submitted_on": day.isoformat(),
                    "competing_claims": len(competing),
                },
                summary=f"{prop.code} on {state.code}'s tentative list ({label('enhanced.tentative_list')})",
            )
    return entry


def add_initiative(
    user,
    prop,
    kind: str,
    text: str,
    dated=None,
    by_state: str = "",
    by_organisation: str = "",
    invited_state: str = "",
    today: date | None = None,
) -> Initiative:
    """A recommendation by a Party, the ICBS or an NGO (``enhanced.recommendation``); the
    Committee's invitation, recorded by the Secretariat, to a Party with jurisdiction or
    control on that date (``enhanced.request``)."""
    today = today or date.today()
    if kind not in ("recommendation", "invitation"):
        raise RecordInvalid([FieldError("kind", "is recommendation or invitation")])
    if not (text or "").strip():
        raise RecordInvalid([FieldError("text", "is required")])
    fields = {"by_organisation": (by_organisation or "").strip()}
    act = "invitation" if kind == "invitation" else "recommendation"
    if kind == "invitation":
        _secretariat(user, "invitation")
        if not (invited_state or "").strip():
            raise RecordInvalid(
                [FieldError("invited_state", "is required: the Party the Committee invites")]
            )
        fields["invited_state"] = _state(invited_state, "invited_state")
    elif (by_state or "").strip():
        fields["by_state"] = acting_state(user, by_state, "recommendation")
    elif not fields["by_organisation"]:
        refuse("procedure.recommendation_by")
    else:
        _secretariat(user, "organisation")
    day = _date(dated or today, "dated", today, act)
    if kind == "invitation":
        check_party(fields["invited_state"], day, "invitation", "invited_state")
        jurisdiction(prop, fields["invited_state"], day, "invited_state")
    elif "by_state" in fields:
        check_party(fields["by_state"], day, "recommendation", "by_state")
    with transaction.atomic():
        ini = Initiative.objects.create(kind=kind, property=prop, text=text, dated=day, **fields)
        log.record(
            user,
            f"listing_{kind}",
            "property",
            prop.id,
            {
                "kind": kind,
                "dated": day.isoformat(),
                "by": (ini.by_state.code if ini.by_state else ini.by_organisation or "Committee"),
            },
            summary=f"{prop.code} {kind} "
            f"({label('enhanced.recommendation' if kind == 'recommendation' else 'enhanced.request')})",
        )
    return ini


def submit_request(user, prop, data: dict, today: date | None = None) -> Request:
    """The Party with jurisdiction or control on the request's date requests enhanced
    protection (``enhanced.request``); on the outbreak of hostilities a Party to the conflict
    may request on an emergency basis (``enhanced.emergency``)."""
    today = today or date.today()
    emergency = bool(data.get("emergency"))
    act = "emergency_request" if emergency else "request"
    state = acting_state(user, data.get("state", ""), "request")
    day = _date(data.get("submitted_on") or today, "submitted_on", today, act)
    check_party(state, day, act)
    conflict = sorted(
        {_state(c, "conflict_parties").code for c in data.get("conflict_parties") or []}
    )
    if emergency:
        P.check_emergency(state.code, conflict, named)
    competing = jurisdiction(prop, state, day)
    evidence = {c: (data.get(f"evidence_{c}") or "").strip() for c in P.CRITERIA}
    assistance = (data.get("assistance_ref") or "").strip()
    P.check_request(evidence, bool(data.get("declaration")), emergency, assistance)
    running = Request.objects.filter(property=prop, status__in=P.OPEN).first()
    if running is not None:
        refuse("procedure.request_in_progress", property=property_named(prop), ref=running.ref)
    with transaction.atomic():
        req = Request.objects.create(
            ref=next_ref(day.year),
            property=prop,
            state=state,
            evidence_a=evidence["a"],
            evidence_b=evidence["b"],
            evidence_c=evidence["c"],
            declaration=True,
            emergency=emergency,
            conflict_parties=conflict,
            assistance_ref=assistance,
            submitted_on=day,
            competing_claims=competing,
        )
        audit(
            user,
            req,
            "submitted",
            {
                "property": prop.code,
                "state": state.code,
                "emergency": emergency,
                "conflict_parties": conflict,
                "submitted_on": day.isoformat(),
                "competing_claims": [f"{c['state']}:{c['role']}" for c in competing],
            },
            f"{req.ref}: {state.code} requests {'provisional ' if emergency else ''}enhanced protection "
            f"for {prop.code} ({label('enhanced.emergency' if emergency else 'enhanced.request')})"
            + (
                f"; competing claims recorded ({label('enhanced.disputed_territory')})"
                if competing
                else ""
            ),
        )
    return req


def withdraw(user, req: Request, withdrawn_on=None, today: date | None = None) -> Request:
    today = today or date.today()
    acting_state(user, req.state.code, "withdrawal")
    P.check_step(req.status, "withdraw")
    day = _date(withdrawn_on or today, "withdrawn_on", today, "withdrawal")
    if day < req.submitted_on:
        raise RecordInvalid([FieldError("withdrawn_on", "is before the request was submitted")])
    with transaction.atomic():
        req.status, req.withdrawn_on = P.WITHDRAWN, day
        req.save(update_fields=["status", "withdrawn_on"])
        audit(user, req, "withdrawn", {"withdrawn_on": day.isoformat()})
    return req


def register(user, req: Request, registered_on=None, today: date | None = None) -> Request:
    """The Secretariat registers the request on receipt. An emergency request is transmitted at
    once to the parties to the conflict (``enhanced.emergency``)."""
    today = today or date.today()
    _secretariat(user, "register")
    P.check_step(req.status, "register")
    day = _date(registered_on or today, "registered_on", today, "registration")
    if day < req.submitted_on:
        raise RecordInvalid([FieldError("registered_on", "is before the request was submitted")])
    with transaction.atomic():
        req.status, req.registered_on = P.REGISTERED, day
        req.save(update_fields=["status", "registered_on"])
        sent = []
        if req.emergency:
            sent = _notify(
                req, "emergency", State.objects.filter(code__in=req.conflict_parties), day
            )
        audit(
            user,
            req,
            "registered",
            {"registered_on": day.isoformat(), "transmitted_to": sent},
            f"{req.ref} registered"
            + (
                f" and transmitted to the parties to the conflict ({label('enhanced.emergency')})"
                if sent
                else ""
            ),
        )
    return req


def all_parties(on: date):
    """States bound by the Protocol on ``on`` (shield.treaty.status over the register)."""
    from django.db.models import Q

    from shield.parties.register import current_register
    from shield.treaty import status

    names = status.parties_on(on, current_register()).result
    return State.objects.filter(Q(code__in=names) | Q(name_en__in=names)).order_by("code")


def _notify(
    req: Request, kind: str, states_, day: date, decision=None, secretary_general=False
) -> list[str]:
    rows = []
    if secretary_general:
        rows.append(
            Notification(
                request=req,
                kind=kind,
                addressee="Secretary-General of the United Nations",
                sent_on=day,
                decision=decision,
            )
        )
    rows += [
        Notification(
            request=req, kind=kind, state=s, addressee=s.name_en, sent_on=day, decision=decision
        )
        for s in states_
    ]
    Notification.objects.bulk_create(rows)
    return [r.state.code if r.state else "UN-SG" for r in rows]


def notify(user, req: Request, notified_on=None, today: date | None = None) -> Request:
    """All Parties are informed of the request; the sixty days run from here (``enhanced.representations``)."""
    today = today or date.today()
    _secretariat(user, "notify")
    P.check_step(req.status, "notify")
    day = _date(notified_on or today, "notified_on", today, "notification")
    if day < req.registered_on:
        raise RecordInvalid([FieldError("notified_on", "is before the request was registered")])
    with transaction.atomic():
        req.status, req.notified_on = P.NOTIFIED, day
        req.save(update_fields=["status", "notified_on"])
        sent = _notify(req, "receipt", all_parties(day), day)
        audit(
            user,
            req,
            "notified",
            {
                "notified_on": day.isoformat(),
                "addressees": len(sent),
                "window_closes": req.window_closes.isoformat(),
            },
            f"{req.ref}: {len(sent)} Parties informed; representations until {req.window_closes} "
            f"({label('enhanced.representations')})",
        )
    return req


def _attachments(items, field: str = "attachments") -> list[dict]:
    out = []
    for i, item in enumerate(items or []):
        title = (item.get("title") or "").strip() if isinstance(item, dict) else str(item).strip()
        ref = (item.get("ref") or "").strip() if isinstance(item, dict) else ""
        if not title:
            raise RecordInvalid([FieldError(f"{field}[{i}].title", "is required")])
        out.append({"title": title, "ref": ref})
    return out


def represent(user, req: Request, data: dict, today: date | None = None) -> Submission:
    """A Party's representation, on one criterion of enhanced protection (``enhanced.criteria``),
    with facts, within the sixty days (``enhanced.representations``). Only a Party on the day may make one; a refused
    representation is never recorded, so it never changes the majority."""
    today = today or date.today()
    state = acting_state(user, data.get("state", ""), "representation")
    if state.pk == req.state_id:
        refuse("procedure.requester_represents")
    day = _date(data.get("submitted_on") or today, "submitted_on", today, "representation")
    check_party(state, day, "representation")
    P.check_step(req.status, "represent")
    P.check_representation(
        data.get("criterion") or "", data.get("facts") or "", req.notified_on, day, req.emergency
    )
    return _submit(
        user,
        req,
        "representation",
        day,
        state=state,
        criterion=data["criterion"],
        facts=data["facts"].strip(),
        attachments=_attachments(data.get("attachments")),
    )


def respond(user, req: Request, data: dict, today: date | None = None) -> Submission:
    """The requesting Party's response to the representations (``enhanced.representations``)."""
    today = today or date.today()
    state = acting_state(user, req.state.code, "response")
    P.check_step(req.status, "respond")
    if not (data.get("facts") or "").strip():
        raise RecordInvalid([FieldError("facts", "is required")])
    day = _date(data.get("submitted_on") or today, "submitted_on", today, "response")
    return _submit(
        user,
        req,
        "response",
        day,
        state=state,
        facts=data["facts"].strip(),
        criterion=data.get("criterion") or "",
        attachments=_attachments(data.get("attachments")),
    )


def advise(user, req: Request, data: dict, today: date | None = None) -> Submission:
    """Advice of governmental and non-governmental organisations and experts, recorded by the
    Secretariat (``enhanced.advice``)."""
    today = today or date.today()
    _secretariat(user, "advise")
    P.check_step(req.status, "advise")
    org = (data.get("organisation") or "").strip()
    if not org:
        raise RecordInvalid([FieldError("organisation", "is required: who gives the advice")])
    if not (data.get("facts") or "").strip():
        raise RecordInvalid([FieldError("facts", "is required")])
    crit = data.get("criterion") or ""
    if crit and crit not in P.CRITERIA:
        raise RecordInvalid([FieldError("criterion", "is a, b or c")])
    day = _date(data.get("submitted_on") or today, "submitted_on", today, "advice")
    return _submit(
        user,
        req,
        "advice",
        day,
        organisation=org,
        criterion=crit,
        facts=data["facts"].strip(),
        attachments=_attachments(data.get("attachments")),
    )


def _submit(user, req, kind, day, **fields) -> Submission:
    with transaction.atomic():
        sub = Submission.objects.create(request=req, kind=kind, submitted_on=day, **fields)
        by = sub.state.code if sub.state else sub.organisation
        audit(
            user,
            req,
            kind,
            {
                "by": by,
                "criterion": sub.criterion,
                "submitted_on": day.isoformat(),
                "attachments": len(sub.attachments),
            },
            f"{req.ref}: {kind} by {by}"
            + (f" on {P.criterion_citation(sub.criterion).label('en')}" if sub.criterion else ""),
        )
    return sub
