"""The pages: the Fund and its statement, international assistance, reports, the Meetings of
the Parties, dissemination and the depositary's notifications. Thin doors onto the services."""

from __future__ import annotations

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shield.accounts import roles
from shield.core.errors import NotAllowed, RecordInvalid
from shield.core.language import Lang, reader_lang
from shield.core.pdf import pdf_response
from shield.listing.models import Session
from shield.treaty.refusals import Refused

from . import assistance, decisions, forms, institutions, ledger, present, statements
from .feed import atom
from .models import (
    AssistanceRequest,
    FundDecision,
    Measure,
    Meeting,
    PartyReport,
    ReportingCycle,
    Transaction,
    Translation,
)

FAILURES = (RecordInvalid, NotAllowed, Refused)


def _staff(user) -> bool:
    return roles.is_staff_role(user)


def _officer_or_staff(user) -> bool:
    return roles.is_staff_role(user) or (
        roles.has_role(user, roles.PARTY_OFFICER) and roles.state_of(user) is not None
    )


def _committee_or_staff(user) -> bool:
    return roles.is_staff_role(user) or roles.has_role(user, roles.COMMITTEE_MEMBER)


def _only(may):
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may(request.user):
                return render(request, "fund/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, form, title: str, form_id: str, basis: str = "", back: str = "", **extra):
    status = 422 if form.is_bound and form.errors else 200
    return render(
        request,
        "fund/form.html",
        {"form": form, "title": title, "form_id": form_id, "basis": basis, "back": back, **extra},
        status=status,
    )


def _attempt(form, write):
    try:
        return write()
    except FAILURES as exc:
        forms.show_refusal(form, exc)
        return None


def _sessions():
    return Session.objects.filter(held_on__lte=date.today()).order_by("-held_on")[:20]


# ---- the Fund ----------------------------------------------------------------------------------


def index(request):
    held = statements.holdings()
    pools = statements.balances()
    return render(
        request,
        "fund/index.html",
        {
            "holdings": [
                {"currency": c, "amount": statements.amount_text(v, c)}
                for c, v in sorted(held.items())
            ],
            "pools": [
                {
                    "currency": c,
                    "account": a,
                    "label": present.account(a),
                    "amount": statements.amount_text(v, c),
                }
                for c, accts in sorted(pools.items())
                for a, v in sorted(accts.items())
                if a.startswith("pool:") and v
            ],
            "decisions": FundDecision.objects.select_related("session", "request").order_by(
                "-decided_on", "-ref"
            )[:50],
            "movements": Transaction.objects.select_related(
                "decision", "contributor_state"
            ).order_by("-on", "-number")[:30],
            "may_keep": _staff(request.user),
            "may_decide": _committee_or_staff(request.user),
            "year_start": date.today().replace(month=1, day=1).isoformat(),
            "today": date.today().isoformat(),
        },
    )


def _statement_data(request):
    today = date.today()
    start = request.GET.get("from") or today.replace(month=1, day=1).isoformat()
    end = request.GET.get("to") or today.isoformat()
    cur = request.GET.get("currency") or None
    return present.statement_rows(statements.statement(start, end, cur))


def statement(request):
    try:
        data = _statement_data(request)
    except RecordInvalid as exc:
        return render(
            request, "fund/statement.html", {"errors": exc.errors, "data": None}, status=422
        )
    return render(request, "fund/statement.html", {"data": data, "query": request.GET.urlencode()})


def statement_csv(request):
    try:
        data = _statement_data(request)
    except RecordInvalid as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
    response = HttpResponse(statements.statement_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fund-{data["from"]}-{data["to"]}.csv"'
    return response


def statement_pdf(request):
    try:
        data = _statement_data(request)
    except RecordInvalid as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
    return pdf_response(
        "fund/statement_pdf.html",
        {"data": data, "lang": reader_lang()},
        request,
        f"fund-{data['from']}-{data['to']}.pdf",
    )


KINDS = {
    "contribution": (forms.ContributionForm, "fund.resources"),
    "allocation": (forms.MovementForm, "fund.decided_purposes"),
    "disbursement": (forms.MovementForm, "fund.decided_purposes"),
    "release": (forms.MovementForm, "fund.decided_purposes"),
    "conversion": (forms.ConversionForm, "fund.trust"),
}


@_only(_staff)
def record(request, kind):
    if kind not in KINDS:
        raise Http404("No such movement")
    cls, basis = KINDS[kind]
    kw = {"kind": kind} if cls is forms.MovementForm else {}
    form = cls(_posted(request), initial={"on": date.today()}, **kw)
    if form.is_bound and form.is_valid():
        tx = _attempt(form, lambda: ledger.OPERATIONS[kind](request.user, form.for_service()))
        if tx is not None:
            messages.success(request, _("Recorded: movement %(n)s.") % {"n": tx.number})
            return redirect("fund:index")
    return _form_page(
        request, form, present.tx_kind(kind).capitalize(), f"{kind}-form", basis, "/fund/"
    )


@_only(_committee_or_staff)
def programme(request):
    sessions = list(_sessions())
    chosen = next(
        (s for s in sessions if s.ref == request.POST.get("session")),
        sessions[0] if sessions else None,
    )
    form = forms.ProgrammeForm(
        _posted(request), sessions=sessions, members=chosen.present if chosen else []
    )
    if form.is_bound and form.is_valid() and chosen is not None:
        data = form.for_service()
        d = _attempt(
            form,
            lambda: decisions.decide(
                request.user,
                chosen,
                "programme",
                form.votes(),
                title=data.get("title", ""),
                purpose_clause=data.get("purpose_clause", ""),
                amount=data.get("amount"),
                currency=data.get("currency", ""),
            ),
        )
        if d is not None:
            messages.success(request, _("Decision %(ref)s recorded.") % {"ref": d.ref})
            return redirect("fund:index")
    return _form_page(
        request,
        form,
        _("A programme or project of the Fund"),
        "programme-form",
        "committee.fund_use",
        "/fund/",
    )


# ---- assistance --------------------------------------------------------------------------------


def assistance_list(request):
    return render(
        request,
        "fund/assistance_list.html",
        {
            "requests": AssistanceRequest.objects.select_related("state", "session")[:200],
            "may_request": _officer_or_staff(request.user),
        },
    )


@_only(_officer_or_staff)
def assistance_new(request):
    form = forms.RequestForm(
        _posted(request), user=request.user, initial={"submitted_on": date.today()}
    )
    if form.is_bound and form.is_valid():
        req = _attempt(form, lambda: assistance.submit(request.user, form.for_service()))
        if req is not None:
            messages.success(request, _("Request %(ref)s recorded.") % {"ref": req.ref})
            return redirect("fund:assistance", ref=req.ref)
    return _form_page(
        request,
        form,
        _("Request international assistance"),
        "assistance-form",
        "assistance.request",
        "/assistance/",
    )


def _request(ref) -> AssistanceRequest:
    found = (
        AssistanceRequest.objects.select_related("state", "session", "property")
        .filter(ref=ref)
        .first()
    )
    if found is None:
        raise Http404("No such request")
    return found


def _step_forms(request, req, bound: str = "", data=None) -> dict:
    user = request.user
    out: dict = {}

    def f(name, cls, **kw):
        return cls(data if bound == name else None, **kw)

    if _staff(user) and req.channel == "committee" and req.status in ("submitted", "deferred"):
        out["agenda"] = f("agenda", forms.AgendaForm, sessions=_sessions())
    if req.status == "on_agenda" and req.session and decisions_allowed(user, req.session):
        out["decide"] = f(
            "decide",
            forms.DecisionForm,
            members=req.session.present,
            initial={
                "amount": req.amount,
                "currency": req.currency or "EUR",
                "purpose_clause": "b" if req.kind == "emergency" else "a",
            },
        )
    if _staff(user) and req.channel == "unesco" and req.status == "submitted":
        out["unesco"] = f("unesco", forms.UnescoForm, initial={"responded_on": date.today()})
    if _staff(user) and req.status == "granted":
        grant = assistance.grant_of(req)
        out["pay"] = f(
            "pay",
            forms.PayForm,
            initial={"on": date.today(), "amount": grant.amount if grant else None},
        )
    mine = roles.state_of(user)
    if req.status in ("granted", "accorded") and (
        _staff(user)
        or (
            mine is not None
            and mine.code == req.state.code
            and roles.has_role(user, roles.PARTY_OFFICER)
        )
    ):
        out["use"] = f("use", forms.UseForm, initial={"reported_on": date.today()})
    return out


def decisions_allowed(user, session) -> bool:
    try:
        decisions.may_record(user, session)
    except Refused:
        return False
    return True


def outcome_lines(d, lang: Lang) -> list[dict]:
    """A decision's outcome and the findings it was built from, in the reader's language."""
    from shield.treaty.citations import Citation

    def one(f) -> dict:
        return {
            "reason": (f.get("reason") or {}).get(lang, ""),
            "labels": ", ".join(Citation.parse(c).label(lang) for c in f.get("citations") or []),
        }

    found = d.finding or {}
    return [one(found), *(one(p) for p in found.get("parts") or [])]


def assistance_page(request, ref, bound: str = "", status: int = 200):
    req = _request(ref)
    lang = reader_lang()
    step_forms = _step_forms(request, req, bound, request.POST if bound else None)
    grant = assistance.grant_of(req)
    return render(
        request,
        "fund/assistance.html",
        {
            "req": req,
            "forms": step_forms,
            "decisions": [
                {"d": d, "lines": outcome_lines(d, lang)}
                for d in req.decisions.select_related("session")
            ],
            "grant": grant,
            "paid": Transaction.objects.filter(decision=grant, kind="disbursement")
            if grant
            else [],
            "uses": req.uses.all(),
            "status_label": present.status(req.status),
            "kind_label": present.kind(req.kind),
            "channel_label": present.channel(req.channel),
        },
        status=status,
    )


@require_POST
def assistance_step(request, ref, step):
    if not request.user.is_authenticated:
        return redirect_to_login(f"/assistance/{ref}/")
    req = _request(ref)
    forms_here = _step_forms(request, req, step, request.POST)
    form = forms_here.get(step)
    if form is None:
        return render(request, "fund/forbidden.html", status=403)
    if form.is_valid():
        data = form.for_service()
        user = request.user

        def write():
            if step == "agenda":
                return assistance.to_agenda(
                    user, req, decisions.session_of(data["session"]), data.get("assessment", "")
                )
            if step == "decide":
                return decisions.decide(
                    user,
                    req.session,
                    data["motion"],
                    form.votes(),
                    purpose_clause=data.get("purpose_clause", ""),
                    amount=data.get("amount"),
                    currency=data.get("currency", ""),
                    request=req,
                )
            if step == "pay":
                return assistance.pay(user, req, data)
            if step == "use":
                return assistance.report_use(user, req, data)
            return assistance.unesco_answer(
                user, req, data["accorded"] == "yes", data.get("responded_on"), data.get("text", "")
            )

        done = _attempt(form, write)
        if done is not None:
            messages.success(request, _("Recorded."))
            return redirect("fund:assistance", ref=req.ref)
    return assistance_page(request, ref, step, status=422)


# ---- reports -----------------------------------------------------------------------------------


def reports(request):
    return render(
        request,
        "fund/reports.html",
        {
            "cycles": ReportingCycle.objects.all(),
            "translations": Translation.objects.select_related("state"),
            "may_set": _staff(request.user),
            "may_report": _officer_or_staff(request.user),
        },
    )


@_only(_staff)
def cycle_new(request):
    form = forms.CycleForm(_posted(request))
    if form.is_bound and form.is_valid():
        c = _attempt(form, lambda: institutions.create_cycle(request.user, form.for_service()))
        if c is not None:
            return redirect("fund:cycle", ref=c.ref)
    return _form_page(request, form, _("A reporting cycle"), "cycle-form", "reports", "/reports/")


def _cycle(ref) -> ReportingCycle:
    found = ReportingCycle.objects.filter(ref=ref).first()
    if found is None:
        raise Http404("No such cycle")
    return found


def cycle_page(request, ref):
    c = _cycle(ref)
    rows = institutions.cycle_status(c)
    lang = reader_lang()
    for r in rows:
        r["label"] = present.report_status(r["status"])
        r["name"] = r["state_row"].name_in(lang) if r["state_row"] else r["state"]
    counts = {
        k: sum(1 for r in rows if r["status"] == k)
        for k in ("due", "overdue", "submitted", "published")
    }
    return render(
        request,
        "fund/cycle.html",
        {
            "cycle": c,
            "rows": rows,
            "counts": counts,
            "may_staff": _staff(request.user),
            "may_report": _officer_or_staff(request.user),
            "may_comment": _committee_or_staff(request.user),
        },
    )


@_only(_officer_or_staff)
def report_new(request, ref):
    c = _cycle(ref)
    form = forms.ReportForm(
        _posted(request), user=request.user, initial={"submitted_on": date.today()}
    )
    if form.is_bound and form.is_valid():
        r = _attempt(form, lambda: institutions.submit_report(request.user, c, form.for_service()))
        if r is not None:
            return redirect("fund:cycle", ref=c.ref)
    return _form_page(
        request,
        form,
        _("A Party's report for %(cycle)s") % {"cycle": c.ref},
        "report-form",
        "reports",
        f"/reports/{c.ref}/",
    )


def _report(ref, state) -> PartyReport:
    found = (
        PartyReport.objects.select_related("cycle", "state")
        .filter(cycle__ref=ref, state__code=state)
        .first()
    )
    if found is None:
        raise Http404("No such report")
    return found


def report_page(request, ref, state, bound: str = "", status: int = 200):
    r = _report(ref, state)
    data = request.POST if bound else None
    here: dict[str, forms.ServiceForm] = {}
    if _committee_or_staff(request.user):
        here["comment"] = forms.CommentForm(
            data if bound == "comment" else None, initial={"commented_on": date.today()}
        )
    if _staff(request.user) and not r.published_on:
        here["publish"] = forms.PublishForm(
            data if bound == "publish" else None, initial={"published_on": date.today()}
        )
    return render(
        request,
        "fund/report.html",
        {"r": r, "forms": here, "comments": r.comments.all()},
        status=status,
    )


@require_POST
def report_step(request, ref, state, step):
    if not request.user.is_authenticated:
        return redirect_to_login(f"/reports/{ref}/{state}/")
    r = _report(ref, state)
    cls = {"comment": forms.CommentForm, "publish": forms.PublishForm}.get(step)
    if cls is None:
        raise Http404("No such step")
    form = cls(request.POST)
    if form.is_valid():
        data = form.for_service()
        done = _attempt(
            form,
            lambda: (
                institutions.comment(request.user, r, data)
                if step == "comment"
                else institutions.publish_report(request.user, r, data.get("published_on"))
            ),
        )
        if done is not None:
            return redirect("fund:report", ref=ref, state=state)
    return report_page(request, ref, state, step, 422)


@_only(_officer_or_staff)
def translation_new(request):
    form = forms.TranslationForm(_posted(request), initial={"communicated_on": date.today()})
    if form.is_bound and form.is_valid():
        t = _attempt(
            form, lambda: institutions.record_translation(request.user, form.for_service())
        )
        if t is not None:
            return redirect("fund:reports")
    return _form_page(
        request,
        form,
        _("An official translation"),
        "translation-form",
        "reports.translations",
        "/reports/",
    )


# ---- the Meeting of the Parties ------------------------------------------------------------------


def meetings(request):
    return render(
        request,
        "fund/meetings.html",
        {"meetings": Meeting.objects.all(), "may_convene": _staff(request.user)},
    )


@_only(_staff)
def meeting_new(request):
    form = forms.MeetingForm(_posted(request))
    if form.is_bound and form.is_valid():
        m = _attempt(form, lambda: institutions.convene(request.user, form.for_service()))
        if m is not None:
            return redirect("fund:meeting", ref=m.ref)
    return _form_page(
        request, form, _("A Meeting of the Parties"), "meeting-form", "meeting", "/meetings/"
    )


MEETING_FORMS = {
    "election": forms.ElectionForm,
    "guidelines": forms.GuidelinesForm,
    "supervision": forms.SupervisionForm,
    "committee_report": forms.CommitteeReportForm,
}


def meeting_page(request, ref, bound: str = "", status: int = 200):
    m = Meeting.objects.filter(ref=ref).select_related("election").first()
    if m is None:
        raise Http404("No such meeting")
    here = {}
    if _staff(request.user):
        for name, cls in MEETING_FORMS.items():
            if name == "election" and m.election_id:
                continue
            here[name] = cls(request.POST if bound == name else None)
    return render(
        request,
        "fund/meeting.html",
        {
            "m": m,
            "forms": here,
            "seats": m.election.seats.select_related("state") if m.election else [],
        },
        status=status,
    )


@require_POST
def meeting_step(request, ref, step):
    if not request.user.is_authenticated:
        return redirect_to_login(f"/meetings/{ref}/")
    m = Meeting.objects.filter(ref=ref).first()
    if m is None or step not in MEETING_FORMS:
        raise Http404("No such meeting")
    form = MEETING_FORMS[step](request.POST)
    if form.is_valid():
        write = {
            "election": institutions.elect,
            "guidelines": institutions.endorse_guidelines,
            "supervision": institutions.supervise_fund,
            "committee_report": institutions.committee_report_to,
        }[step]
        done = _attempt(form, lambda: write(request.user, m, form.for_service()))
        if done is not None:
            return redirect("fund:meeting", ref=ref)
    return meeting_page(request, ref, step, 422)


# ---- dissemination, the depositary -------------------------------------------------------------


def dissemination(request):
    rows = Measure.objects.select_related("state")[:500]
    for r in rows:
        r.kind_label = present.measure(r.kind)
    return render(
        request,
        "fund/dissemination.html",
        {"measures": rows, "may_record": _officer_or_staff(request.user)},
    )


@_only(_officer_or_staff)
def measure_new(request):
    form = forms.MeasureForm(
        _posted(request), user=request.user, initial={"year": date.today().year}
    )
    if form.is_bound and form.is_valid():
        m = _attempt(form, lambda: institutions.record_measure(request.user, form.for_service()))
        if m is not None:
            return redirect("fund:dissemination")
    return _form_page(
        request,
        form,
        _("A measure of dissemination"),
        "measure-form",
        "dissemination",
        "/dissemination/",
    )


def depositary(request):
    lang = reader_lang()
    rows = [
        {"n": n, "reason": n.reason[lang], "labels": ", ".join(c.label(lang) for c in n.citations)}
        for n in reversed(institutions.notifications())
    ]
    return render(request, "fund/depositary.html", {"rows": rows})


def depositary_feed(request):
    return HttpResponse(
        atom(request.build_absolute_uri("/").rstrip("/"), reader_lang()),
        content_type="application/atom+xml; charset=utf-8",
    )
