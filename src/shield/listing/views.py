"""Pages of the procedure and the List: thin doors onto services, committee and public."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shield.accounts import roles
from shield.parties.models import State
from shield.registry.disclosure import find_visible, visible_to
from shield.registry.services import NotAllowed
from shield.registry.validation import RecordInvalid
from shield.web.language import reader_lang
from shield.web.pdf import pdf_response

from . import committee, public, services
from . import procedure as P
from .models import Decision, Initiative, Request, Session, TentativeEntry
from .present import request_for, session_for, timeline


def _lang() -> str:
    return reader_lang()


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _error_text(exc) -> str:
    if isinstance(exc, RecordInvalid):
        return "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
    return str(exc)


def _status(exc) -> int:
    return getattr(exc, "status", None) or (422 if isinstance(exc, RecordInvalid) else 403)


def the_list(request):
    raw = request.GET.get("on", "")
    on = _day(raw) or date.today()
    return render(request, "listing/list.html", {
        "on": on, "entries": public.entries_on(request.user, on, _lang()), "bad_date": bool(raw) and not _day(raw),
        "changes": public.changes(request.user, 20)})


def feed(request):
    return HttpResponse(public.atom_feed(request.user, request.build_absolute_uri("/").rstrip("/"), _lang()),
                        content_type="application/atom+xml; charset=utf-8")


def requests_index(request):
    qs = Request.objects.filter(property__in=visible_to(request.user)).select_related("property", "state")
    status = request.GET.get("status", "")
    if status in P.STATUSES:
        qs = qs.filter(status=status)
    visible = visible_to(request.user)
    return render(request, "listing/requests.html", {
        "requests": qs, "statuses": P.STATUSES, "status": status, "may_request": _may_request(request.user),
        "tentative": TentativeEntry.objects.filter(property__in=visible).select_related("state", "property"),
        "initiatives": Initiative.objects.filter(property__in=visible).select_related("property", "by_state",
                                                                                      "invited_state")})


def _may_request(user) -> bool:
    return roles.is_staff_role(user) or (roles.has_role(user, roles.PARTY_OFFICER) and roles.state_of(user) is not None)


def new_request(request):
    if not _may_request(request.user):
        return redirect(f"/login/?next={request.path}")
    mine = roles.state_of(request.user)
    form = {"state": mine.code if mine else "", "property": request.GET.get("property", ""),
            "submitted_on": date.today().isoformat()}
    error, code = "", 200
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in ("property", "state", "evidence_a", "evidence_b", "evidence_c",
                                                     "assistance_ref", "conflict_parties", "submitted_on")}
        data = dict(form, declaration=request.POST.get("declaration") == "on",
                    emergency=request.POST.get("emergency") == "on",
                    conflict_parties=[c.strip() for c in form["conflict_parties"].split(",") if c.strip()])
        prop = find_visible(request.user, form["property"])
        if prop is None:
            error, code = _("property: no such property"), 422
        else:
            try:
                req = services.submit_request(request.user, prop, data)
                return redirect("listing:request", ref=req.ref)
            except (RecordInvalid, P.ProcedureRefused, NotAllowed) as exc:
                error, code = _error_text(exc), _status(exc)
    return render(request, "listing/new_request.html", {"form": form, "error": error}, status=code)


def _page(request, req: Request, error: str = "", status: int = 200):
    user = request.user
    mine = roles.state_of(user)
    is_staff = roles.is_staff_role(user)
    officer = roles.has_role(user, roles.PARTY_OFFICER) and mine is not None
    listed = req.status in (P.GRANTED, P.PROVISIONAL)
    return render(request, "listing/request.html", {
        "r": req, "error": error, "timeline": timeline(user, req),
        "submissions": req.submissions.select_related("state"),
        "notices": _notices(req), "decisions": req.decisions.select_related("session"),
        "criteria": P.CRITERION_TEXT, "today": date.today(),
        "can": {
            "register": is_staff and req.status == P.SUBMITTED,
            "notify": is_staff and req.status == P.REGISTERED,
            "advise": is_staff and req.status in (P.REGISTERED, P.NOTIFIED, P.DEFERRED, P.PROVISIONAL),
            "agenda": is_staff and req.status in (P.NOTIFIED, P.DEFERRED, P.PROVISIONAL, P.GRANTED),
            "views": is_staff and listed, "military": is_staff and listed,
            "represent": officer and mine.pk != req.state_id and req.status in (P.NOTIFIED, P.DEFERRED, P.PROVISIONAL),
            "respond": (officer and mine.pk == req.state_id) and req.status in (P.NOTIFIED, P.DEFERRED, P.PROVISIONAL),
            "withdraw": ((officer and mine.pk == req.state_id) or is_staff) and req.status in P.OPEN,
        },
        "my_state": mine.code if mine else "",
        "sessions": Session.objects.filter(held_on__gte=req.registered_on or req.submitted_on) if is_staff else [],
    }, status=status)


def _notices(req: Request) -> list[dict]:
    kinds: dict[str, dict] = {}
    for n in req.notifications.select_related("decision"):
        k = kinds.setdefault(n.kind, {"kind": n.kind, "sent_on": n.sent_on, "count": 0})
        k["count"] += 1
    return list(kinds.values())


def request_page(request, ref: str):
    return _page(request, request_for(request.user, ref))


@require_POST
def request_step(request, ref: str, step: str):
    req = request_for(request.user, ref)
    user, post = request.user, request.POST
    data = {k: post.get(k, "") for k in ("state", "criterion", "facts", "organisation", "submitted_on")}
    if post.get("attachment_title"):
        data["attachments"] = [{"title": post["attachment_title"], "ref": post.get("attachment_ref", "")}]
    try:
        if step == "register":
            services.register(user, req, _day(post.get("on")))
        elif step == "notify":
            services.notify(user, req, post.get("on") or None)
        elif step == "withdraw":
            services.withdraw(user, req)
        elif step == "represent":
            services.represent(user, req, data)
        elif step == "respond":
            services.respond(user, req, data)
        elif step == "advise":
            services.advise(user, req, data)
        elif step == "agenda":
            committee.add_to_agenda(user, session_for(post.get("session", "")), req)
        elif step == "views":
            committee.open_views(user, req, post.get("proposal", ""), post.getlist("grounds"),
                                 post.get("on") or date.today(), post.get("note", ""))
        elif step == "military":
            committee.record_military_use(user, req, post.get("action", ""), post.get("on") or "", post.get("note", ""))
        else:
            raise Http404(step)
    except (RecordInvalid, P.ProcedureRefused, NotAllowed) as exc:
        req.refresh_from_db()
        return _page(request, req, _error_text(exc), _status(exc))
    return redirect("listing:request", ref=req.ref)


NOTICE_KINDS = {
    "receipt": "Art. 11(5)", "emergency": "Art. 11(9)", "inclusion": "Art. 11(11)",
    "suspension": "Art. 14(3)", "cancellation": "Art. 14(3)", "restoration": "Art. 14(3)", "views": "Art. 14(4)",
}


def notice_context(req: Request, kind: str, lang: str) -> dict | None:
    """What a notification document shows; None if no such notification was sent."""
    rows = list(req.notifications.filter(kind=kind).select_related("state", "decision"))
    if not rows:
        return None
    decision: Decision | None = rows[0].decision
    return {"r": req, "kind": kind, "article": NOTICE_KINDS[kind], "sent_on": rows[0].sent_on,
            "addressees": [{"name": n.state.name_in(lang) if n.state else "", "sent_on": n.sent_on} for n in rows],
            "decision": decision, "lang": lang, "name": req.property.display_name(lang),
            "state_name": req.state.name_in(lang), "grounds": decision.grounds if decision else [],
            "conflict_names": [s.name_in(lang) for s in State.objects.filter(code__in=req.conflict_parties)],
            "views": req.views_calls.order_by("-opened_on").first() if kind == "views" else None}


def notice(request, ref: str, kind: str, fmt: str):
    """A generated notification, in English or Norwegian (?lang=nb), as HTML or PDF."""
    req = request_for(request.user, ref)
    if kind not in NOTICE_KINDS or fmt not in ("html", "pdf"):
        raise Http404(kind)
    lang = request.GET.get("lang") or _lang()
    lang = lang if lang in ("en", "nb") else "en"
    ctx = notice_context(req, kind, lang)
    if ctx is None:
        raise Http404(f"no {kind} notification for {ref}")
    with translation.override(lang):
        if fmt == "pdf":
            return pdf_response("listing/notice.html", ctx, request, f"{req.ref}-{kind}-{lang}.pdf")
        return render(request, "listing/notice.html", ctx)


def sessions_index(request):
    error, status = "", 200
    if request.method == "POST":
        post = request.POST
        try:
            s = committee.create_session(request.user, post.get("ref", ""), post.get("kind", ""), post.get("held_on", ""),
                                         post.get("members", "").replace(" ", "").split(","),
                                         post.get("present", "").replace(" ", "").split(","))
            return redirect("listing:session", ref=s.ref)
        except (RecordInvalid, P.ProcedureRefused, NotAllowed) as exc:
            error, status = _error_text(exc), _status(exc)
    return render(request, "listing/sessions.html", {"sessions": Session.objects.all(), "error": error,
                                                     "is_staff": roles.is_staff_role(request.user)}, status=status)


def session_page(request, ref: str):
    s = session_for(ref)
    error, status = "", 200
    if request.method == "POST":
        post = request.POST
        cast = {m: post.get(f"vote_{m}", "") for m in s.present}
        try:
            req = request_for(request.user, post.get("request", ""))
            committee.decide(request.user, s, req, post.get("motion", ""), cast, post.getlist("grounds"))
            return redirect("listing:session", ref=s.ref)
        except (RecordInvalid, P.ProcedureRefused, NotAllowed) as exc:
            error, status = _error_text(exc), _status(exc)
    agenda = [r for r in s.agenda.select_related("property", "state") if visible_to(request.user).filter(pk=r.property_id).exists()]
    user = request.user
    mine = roles.state_of(user)
    may = roles.is_staff_role(user) or (roles.has_role(user, roles.COMMITTEE_MEMBER) and mine is not None and mine.code in s.members)
    return render(request, "listing/session.html", {
        "s": s, "agenda": agenda, "decisions": s.decisions.select_related("request"), "error": error,
        "may_decide": may, "motions": P.MOTIONS, "criteria": P.CRITERION_TEXT}, status=status)
