"""Pages of the procedure and the List: thin doors onto services, committee and public.

A refusal is shown as the treaty module wrote it, in the reader's language, at the top of
the page and beside the field it concerns.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from shield.accounts import roles
from shield.core.language import reader_lang
from shield.core.pdf import pdf_response
from shield.parties.models import State
from shield.registry.disclosure import find_visible, visible_to
from shield.registry.services import NotAllowed
from shield.registry.validation import RecordInvalid
from shield.treaty import procedure as P
from shield.treaty.refusals import Refused

from . import committee, labels, public, services
from .models import (
    MOTION_CHOICES,
    STATUS_CHOICES,
    Decision,
    Initiative,
    Request,
    Session,
    TentativeEntry,
)
from .present import assertions_of, claims_of_request, dated_timeline, request_for, session_for

FAILURES = (RecordInvalid, Refused, NotAllowed)


def _lang() -> str:
    return reader_lang()


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def error_text(exc) -> str:
    if isinstance(exc, Refused):
        return exc.message(_lang())
    if isinstance(exc, RecordInvalid):
        return "; ".join(f"{e.field}: {_(e.message)}" for e in exc.errors)
    return str(exc)


def field_errors(exc) -> dict[str, str]:
    """Each failing field's message, to show beside the field."""
    if isinstance(exc, Refused):
        out: dict[str, str] = {}
        for r in exc.all():
            out.setdefault(r.field.split(".")[0], r.message(_lang()))
        return out
    if isinstance(exc, RecordInvalid):
        return {e.field.split(".")[0].split("[")[0]: _(e.message) for e in exc.errors}
    return {}


def status_of(exc) -> int:
    return getattr(exc, "status", None) or (422 if isinstance(exc, RecordInvalid) else 403)


def _criteria(lang: str) -> dict[str, str]:
    return {c: P.criterion_label(c, lang) for c in P.CRITERIA}


def the_list(request):
    raw = request.GET.get("on", "")
    on = _day(raw) or date.today()
    bad_date = bool(raw) and not _day(raw)
    return render(
        request,
        "listing/list.html",
        {
            "on": on,
            "entries": public.entries_on(request.user, on, _lang()),
            "bad_date": bad_date,
            "changes": public.changes(request.user, 20),
            "holds_synthetic": public.holds_synthetic(),
        },
        status=400 if bad_date else 200,
    )


def feed(request):
    return HttpResponse(
        public.atom_feed(request.user, request.build_absolute_uri("/").rstrip("/"), _lang()),
        content_type="application/atom+xml; charset=utf-8",
    )


def _may_request(user) -> bool:
    return roles.is_staff_role(user) or (
        roles.has_role(user, roles.PARTY_OFFICER) and roles.state_of(user) is not None
    )


def _requests_page(request):
    visible = visible_to(request.user)
    qs = Request.objects.filter(property__in=visible).select_related("property", "state")
    chosen = request.GET.get("status", "")
    if chosen in P.STATUSES:
        qs = qs.filter(status=chosen)
    return render(
        request,
        "listing/requests.html",
        {
            "requests": qs.prefetch_related("property__names"),
            "statuses": STATUS_CHOICES,
            "status": chosen,
            "may_request": _may_request(request.user),
            "is_staff": roles.is_staff_role(request.user),
            "tentative": TentativeEntry.objects.filter(property__in=visible)
            .select_related("state", "property")
            .prefetch_related("property__names"),
            "initiatives": Initiative.objects.filter(property__in=visible)
            .select_related("property", "by_state", "invited_state")
            .prefetch_related("property__names"),
        },
    )


def requests_index(request):
    return _requests_page(request)


def new_request(request):
    """A Party's request for enhanced protection, through ``RequestForm`` and the service the
    API uses: every refusal beside its field, in the reader's language."""
    from .forms import RequestForm

    if not _may_request(request.user):
        return redirect(f"/login/?next={request.path}")
    criteria = _criteria(_lang())
    mine = roles.state_of(request.user)
    code = 200
    if request.method == "POST":
        form = RequestForm(request.user, criteria, request.POST)
        if form.is_valid():
            prop = find_visible(request.user, form.cleaned_data["property"])
            if prop is None:
                form.add_error("property", _("no such property"))
            else:
                try:
                    req = services.submit_request(request.user, prop, form.service_data())
                    return redirect("listing:request", ref=req.ref)
                except FAILURES as exc:
                    form.apply_failure(exc)
                    code = status_of(exc)
        code = code if code != 200 else 422
    else:
        form = RequestForm(
            request.user,
            criteria,
            initial={
                "state": mine.code if mine else "",
                "property": request.GET.get("property", ""),
                "submitted_on": date.today().isoformat(),
            },
        )
    return render(
        request,
        "listing/new_request.html",
        {"form": form, "criteria": criteria},
        status=code,
    )


def request_page_response(
    request, req: Request, error: str = "", status: int = 200, errors: dict | None = None, form=None
):
    user = request.user
    mine = roles.state_of(user)
    is_staff = roles.is_staff_role(user)
    officer = roles.has_role(user, roles.PARTY_OFFICER) and mine is not None
    lang = _lang()
    return render(
        request,
        "listing/request.html",
        {
            "r": req,
            "error": error,
            "errors": errors or {},
            "form": form or {},
            "timeline": dated_timeline(user, req, lang),
            "submissions": req.submissions.select_related("state"),
            "notices": _notices(req),
            "decisions": _with_grounds(req.decisions.select_related("session"), lang),
            "criteria": _criteria(lang),
            "today": date.today(),
            "claims": claims_of_request(req, lang),
            "assertions": assertions_of(req, lang),
            "can": {
                "register": is_staff and req.status == P.SUBMITTED,
                "notify": is_staff and req.status == P.REGISTERED,
                "advise": is_staff and req.status in (P.REGISTERED,) + P.BEFORE_COMMITTEE,
                "agenda": is_staff and req.status in P.BEFORE_COMMITTEE + (P.GRANTED,),
                "views": is_staff and req.listed,
                "assert": (is_staff or officer) and req.listed,
                "represent": officer
                and mine.pk != req.state_id
                and req.status in P.BEFORE_COMMITTEE,
                "respond": (officer and mine.pk == req.state_id)
                and req.status in P.BEFORE_COMMITTEE,
                "withdraw": ((officer and mine.pk == req.state_id) or is_staff)
                and req.status in P.OPEN,
            },
            "is_staff": is_staff,
            "state_name": req.state.name_in(lang),
            "my_state": mine.code if mine else "",
            "sessions": Session.objects.filter(held_on__gte=req.registered_on or req.submitted_on)
            if is_staff
            else [],
            "agenda_from": req.registered_on or req.submitted_on,
            "window": labels.window(req),
        },
        status=status,
    )


def _with_grounds(decisions, lang: str) -> list[Decision]:
    """Decisions with their grounds worded in the reader's language (``ground_text``)."""
    out = list(decisions)
    for d in out:
        d.ground_text = "; ".join(P.ground_label(g, lang) for g in d.grounds)
    return out


def _notices(req: Request) -> list[dict]:
    kinds: dict[str, dict] = {}
    for n in req.notifications.select_related("decision"):
        k = kinds.setdefault(
            n.kind,
            {"kind": n.kind, "label": n.get_kind_display(), "sent_on": n.sent_on, "count": 0},
        )
        k["count"] += 1
    return list(kinds.values())


def request_page(request, ref: str):
    return request_page_response(request, request_for(request.user, ref))


def notice_context(req: Request, kind: str, lang: str) -> dict | None:
    """What a notification document shows; None if no such notification was sent."""
    rows = list(req.notifications.filter(kind=kind).select_related("state", "decision"))
    if not rows:
        return None
    decision: Decision | None = rows[0].decision
    views = req.views_calls.order_by("-opened_on").first() if kind == "views" else None
    grounds = decision.grounds if decision else views.grounds if views else []
    citations = P.NOTICE_CITATIONS[kind]
    if decision is not None and decision.motion in (P.SUSPEND, P.CANCEL):
        citations = decision.basis + citations
    return {
        "r": req,
        "kind": kind,
        "citations": citations,
        "sent_on": rows[0].sent_on,
        "addressees": [
            {"name": n.state.name_in(lang) if n.state else "", "sent_on": n.sent_on} for n in rows
        ],
        "decision": decision,
        "lang": lang,
        "name": req.property.display_name(lang),
        "state_name": req.state.name_in(lang),
        "grounds": [P.ground_label(g, lang) for g in grounds],
        "conflict_names": [
            s.name_in(lang) for s in State.objects.filter(code__in=req.conflict_parties)
        ],
        "views": views,
    }


def notice(request, ref: str, kind: str, fmt: str):
    """A generated notification, in English or Norwegian (?lang=nb), as HTML or PDF."""
    req = request_for(request.user, ref)
    if kind not in P.NOTICE_CITATIONS or fmt not in ("html", "pdf"):
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
    error, errors, status = "", {}, 200
    if request.method == "POST":
        post = request.POST
        members = [c for c in post.get("members", "").replace(" ", "").split(",") if c]
        present = [c for c in post.get("present", "").replace(" ", "").split(",") if c]
        try:
            s = committee.create_session(
                request.user,
                post.get("ref", ""),
                post.get("kind", ""),
                post.get("held_on", ""),
                members,
                present or None,
            )
            return redirect("listing:session", ref=s.ref)
        except FAILURES as exc:
            error, errors, status = error_text(exc), field_errors(exc), status_of(exc)
    return render(
        request,
        "listing/sessions.html",
        {
            "sessions": Session.objects.all(),
            "error": error,
            "errors": errors,
            "is_staff": roles.is_staff_role(request.user),
        },
        status=status,
    )


def session_page(request, ref: str):
    s = session_for(ref)
    if request.method == "POST":
        from .act_views import decide

        return decide(request, s)
    return session_page_response(request, s)


def session_page_response(request, s: Session, error="", status=200, errors=None):
    visible = visible_to(request.user)
    agenda = list(
        s.agenda.filter(property__in=visible)
        .select_related("property", "state")
        .prefetch_related("property__names")
    )
    user = request.user
    mine = roles.state_of(user)
    may = roles.is_staff_role(user) or (
        roles.has_role(user, roles.COMMITTEE_MEMBER) and mine is not None and mine.code in s.members
    )
    lang = _lang()
    return render(
        request,
        "listing/session.html",
        {
            "s": s,
            "agenda": agenda,
            "decisions": _with_grounds(s.decisions.select_related("request"), lang),
            "error": error,
            "errors": errors or {},
            "form": request.POST if request.method == "POST" else {},
            "may_decide": may,
            "motions": MOTION_CHOICES,
            "criteria": _criteria(lang),
            "art12": P.ground_label(P.ART12, lang),
            "members": [(c, labels.state_label(c, lang)) for c in s.members],
        },
        status=status,
    )
