"""Provenance pages: thin doors onto the services (register, check, certificates, exports,
provenance, cases)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shield.core.errors import NotAllowed, RecordInvalid
from shield.core.language import reader_lang
from shield.core.pdf import pdf_response
from shield.treaty.provisions import citation_of, provision
from shield.treaty.refusals import Refused
from shield.treaty.trafficking import LEGAL_BASES

from . import (
    access,
    cases,
    certificates,
    check,
    exports,
    forms,
    photos,
    present,
    register,
    trace,
    vocab,
)
from .models import (
    ExportCertificate,
    Photo,
    RegisterEntry,
    ReturnCase,
    SearchCertificate,
    TracedObject,
)


def _lang() -> str:
    return reader_lang()


def _posted(request):
    """The form's data on a POST (an empty one too: it is checked, not shown blank)."""
    return request.POST if request.method == "POST" else None


def _only(may):
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may(request.user):
                return render(request, "provenance/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _form_page(request, form, title: str, form_id: str, back: str | None = None, **extra):
    status = 422 if form.is_bound and form.errors else 200
    return render(
        request,
        "provenance/form.html",
        {"form": form, "title": title, "form_id": form_id, "back": back, **extra},
        status=status,
    )


def _attempt(form, write):
    try:
        return write()
    except (RecordInvalid, NotAllowed, Refused) as exc:
        forms.show_refusal(form, exc)
        return None


def _cite(key: str) -> str:
    return provision(key).label("nb" if _lang() == "nb" else "en")


# ---- the register ---------------------------------------------------------------------------


def index(request):
    lang = _lang()
    rows = [present.entry(e, request.user, lang) for e in register.entries()[:200]]
    return render(
        request,
        "provenance/index.html",
        {
            "entries": rows,
            "may_report": access.may_report(request.user),
            "may_record": access.may_record(request.user),
            "traced": TracedObject.objects.all()[:100],
            "cases": ReturnCase.objects.select_related("claimant")[:100],
            "exports": ExportCertificate.objects.select_related("issuing_state")[:100],
            "databases": _cite("resolution.databases"),
            "red_lists": vocab.RED_LIST_CATEGORIES,
            "red_list_source": vocab.RED_LIST_SOURCE,
            "red_list_regions": vocab.RED_LISTS,
            "red_list_citation": _cite("resolution.red_lists"),
        },
    )


def _entry(number: str) -> RegisterEntry:
    found = register.find(number)
    if found is None:
        raise Http404("No such entry")
    return found


def entry_page(request, number):
    e = _entry(number)
    return render(
        request,
        "provenance/entry.html",
        {
            "e": present.entry(e, request.user, _lang()),
            "obj": e,
            "full": access.reads_in_full(request.user, e),
            "may_edit": access.may_report_for(request.user, e.reporting_state_id),
            "cases": e.cases.all(),
        },
    )


@_only(access.may_report)
def report_new(request):
    form = forms.ReportForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        e = _attempt(form, lambda: register.report(request.user, form.for_service()))
        if e is not None:
            return redirect("provenance:entry", e.number)
    return _form_page(request, form, _("Report a stolen or missing object"), "report-form")


def status_edit(request, number):
    e = _entry(number)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.may_report_for(request.user, e.reporting_state_id):
        return render(request, "provenance/forbidden.html", status=403)
    form = forms.StatusForm(_posted(request), initial={"status": e.status})
    if request.method == "POST" and form.is_valid():
        data = form.for_service()
        done = _attempt(
            form,
            lambda: register.set_status(request.user, e, data["status"], data.get("note", "")),
        )
        if done is not None:
            return redirect("provenance:entry", e.number)
    return _form_page(
        request,
        form,
        _("Change the status of %(number)s") % {"number": e.number},
        "status-form",
        back=reverse("provenance:entry", args=[e.number]),
    )


# ---- due diligence and certificates ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
def check_page(request):
    form = forms.CheckForm(_posted(request), request.FILES if request.method == "POST" else None)
    context = {"form": form, "basis": _cite("resolution.provenance")}
    if request.method == "POST" and form.is_valid():
        shots = form.cleaned_data.get("photographs") or []
        done = _attempt(
            form, lambda: check.run(request.user, form.for_service(), photographs=shots)
        )
        if done is not None:
            cert, found = done
            context["certificate"] = cert
            context["candidates"] = [present.candidate(f, _lang()) for f in found]
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "provenance/check.html", context, status=status)


def certificate_lookup(request):
    number = request.GET.get("number", "").strip()
    if number:
        return redirect("provenance:certificate", number)
    return render(request, "provenance/certificate_lookup.html", {})


def _certificate(number: str):
    cert = check.find(number)
    if cert is not None:
        return cert
    ex = exports.find(number)
    if ex is not None:
        return ex
    raise Http404("No such certificate")


def certificate_page(request, number):
    cert = _certificate(number)
    try:
        checked = certificates.verify(cert.note)
        problem = ""
    except certificates.CertificateProblem as exc:
        checked, problem = None, str(exc)
    context = {
        "number": cert.number,
        "cert": cert,
        "is_search": isinstance(cert, SearchCertificate),
        "valid": checked is not None,
        "problem": problem,
        "fields": checked.fields if checked else {},
        "key": str(certificates.verifier()),
    }
    return render(request, "provenance/certificate.html", context)


def certificate_download(request, number):
    cert = _certificate(number)
    response = HttpResponse(cert.note, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{cert.number}.txt"'
    return response


# ---- export certificates --------------------------------------------------------------------


def _may_issue(user) -> bool:
    from shield.accounts import roles

    return roles.is_staff_role(user) or (
        roles.has_role(user, roles.PARTY_OFFICER) and roles.state_of(user) is not None
    )


@_only(_may_issue)
def export_new(request):
    initial = {"issued_on": None, "quantity": 1, "traced": request.GET.get("traced", "")}
    form = forms.ExportForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        cert = _attempt(form, lambda: exports.issue(request.user, form.for_service()))
        if cert is not None:
            return redirect("provenance:export", cert.number)
    return _form_page(
        request,
        form,
        _("Issue an export certificate"),
        "export-form",
        basis=_cite("resolution.export_certificate"),
    )


def _export(number) -> ExportCertificate:
    cert = exports.find(number)
    if cert is None:
        raise Http404("No such certificate")
    return cert


def export_page(request, number):
    cert = _export(number)
    return render(request, "provenance/export.html", _export_context(cert, _lang()))


def _export_context(cert, lang):
    with translation.override(lang):
        return {
            "c": cert,
            "valid": exports.validity(cert),
            "export_type": vocab.label(vocab.EXPORT_TYPES, cert.export_type),
            "purpose": vocab.label(vocab.EXPORT_PURPOSES, cert.purpose),
            "issuing_state": cert.issuing_state.name_in(lang),
            "destination_state": cert.destination_state.name_in(lang),
            "key": str(certificates.verifier()),
            "basis": provision("resolution.export_certificate").label(
                "nb" if lang == "nb" else "en"
            ),
            "measurements": forms_measurements(cert.measurements),
        }


def forms_measurements(items) -> str:
    from .clean import measurements_text

    return measurements_text(items or [])


def export_pdf(request, number):
    cert = _export(number)
    lang = "nb" if request.GET.get("lang") == "nb" else "en"
    with translation.override(lang):
        context = _export_context(cert, lang) | {"lang": lang}
        return pdf_response(
            "provenance/export_pdf.html", context, request, f"{cert.number}-{lang}.pdf"
        )


# ---- provenance -----------------------------------------------------------------------------


@_only(access.may_record)
def traced_new(request):
    form = forms.TracedForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        obj = _attempt(form, lambda: trace.create(request.user, form.for_service()))
        if obj is not None:
            return redirect("provenance:traced", obj.code)
    return _form_page(request, form, _("Trace the provenance of an object"), "traced-form")


def _traced(code) -> TracedObject:
    obj = trace.find(code)
    if obj is None:
        raise Http404("No such object")
    return obj


def traced_page(request, code):
    obj = _traced(code)
    lang = _lang()
    gaps = trace.gaps(obj)
    items = []  # the timeline: events and gaps
    for e in obj.events.all():
        items.append(
            {
                "kind": "event",
                "start": e.on_from,
                "e": e,
                "label": _label(vocab.EVENT_KINDS, e.kind),
            }
        )
    for g in gaps:
        items.append(
            {
                "kind": "gap",
                "start": g.start or g.end,
                "g": g,
                "citations": g.labels(lang),
                "before": g.start is None,
            }
        )
    items.sort(key=lambda i: (i["start"], 0 if i["kind"] == "gap" else 1))
    return render(
        request,
        "provenance/traced.html",
        {
            "obj": obj,
            "items": items,
            "gap_count": len(gaps),
            "upheavals": trace.upheavals_for(obj),
            "may_record": access.may_record(request.user),
            "origin": obj.origin_state.name_in(lang) if obj.origin_state else "",
        },
    )


def _label(vocabulary, code):
    return vocab.label(vocabulary, code)


def _add_to(request, form_class, write, page: str, code: str, title: str, form_id: str):
    """A form that adds one item (an event, a step, a position) to a record through its
    service, then goes back to the record's page; a refusal is shown beside the form."""
    form = form_class(_posted(request))
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: write(request.user, form.for_service())) is not None:
            return redirect(page, code)
    return _form_page(request, form, title, form_id, back=reverse(page, args=[code]))


@_only(access.may_record)
def event_new(request, code):
    obj = _traced(code)
    return _add_to(
        request,
        forms.EventForm,
        lambda user, data: trace.add_event(user, obj, data),
        "provenance:traced",
        obj.code,
        _("Add a provenance event to %(code)s") % {"code": obj.code},
        "event-form",
    )


# ---- return cases ---------------------------------------------------------------------------


@_only(access.may_record)
def case_new(request):
    form = forms.CaseForm(_posted(request), initial={"entries": request.GET.get("entries", "")})
    if request.method == "POST" and form.is_valid():
        case = _attempt(form, lambda: cases.open_case(request.user, form.for_service()))
        if case is not None:
            return redirect("provenance:case", case.code)
    return _form_page(
        request, form, _("Open a return case"), "case-form", basis=_cite("resolution.return")
    )


def _case(code) -> ReturnCase:
    case = cases.find(code)
    if case is None:
        raise Http404("No such case")
    return case


def case_page(request, code):
    case = _case(code)
    lang = _lang()
    done = {s.step for s in case.steps.all()}
    return render(
        request,
        "provenance/case.html",
        {
            "case": case,
            "claimant": case.claimant.name_in(lang),
            "holder_state": case.holder_state.name_in(lang) if case.holder_state else "",
            "basis": vocab.label(vocab.LEGAL_BASES, case.legal_basis),
            "basis_citation": citation_of(LEGAL_BASES[case.legal_basis]).label(
                "nb" if lang == "nb" else "en"
            ),
            "status": vocab.label(vocab.CASE_STATUSES, case.status),
            "steps": [
                {"s": s, "label": vocab.label(vocab.CASE_STEPS, s.step)} for s in case.steps.all()
            ],
            "ladder": [
                {"code": c, "label": label, "done": c in done} for c, label in vocab.CASE_STEPS
            ],
            "positions": [
                {"p": p, "side": vocab.label(vocab.PARTY_SIDES, p.side)}
                for p in case.positions.all()
            ],
            "may_record": access.may_record(request.user),
            "open": case.status not in ("returned", "closed"),
        },
    )


@_only(access.may_record)
def step_new(request, code):
    case = _case(code)
    return _add_to(
        request,
        forms.StepForm,
        lambda user, data: cases.add_step(user, case, data),
        "provenance:case",
        case.code,
        _("Record a step of %(code)s") % {"code": case.code},
        "step-form",
    )


@_only(access.may_record)
def position_new(request, code):
    case = _case(code)
    return _add_to(
        request,
        forms.PositionForm,
        lambda user, data: cases.add_position(user, case, data),
        "provenance:case",
        case.code,
        _("Record a party's position in %(code)s") % {"code": case.code},
        "position-form",
    )


# ---- photographs ----------------------------------------------------------------------------


def photo(request, pk: int):
    """A photograph as shown: a new JPEG of its pixels only (no EXIF, no place)."""
    found = Photo.objects.filter(pk=pk).first()
    path = photos.view(found) if found is not None else None
    if path is None:
        raise Http404("No such photograph")
    response = FileResponse(open(path, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _photo_form(request, obj, back: str, title: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not photos.may_add(request.user, obj):
        return render(request, "provenance/forbidden.html", status=403)
    form = forms.PhotoForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: photos.add(request.user, obj, data["photograph"], data.get("caption") or ""),
        )
        if done is not None:
            return redirect(back)
    return _form_page(request, form, title, "photo-form", back=back)


def entry_photo_new(request, number):
    e = _entry(number)
    back = reverse("provenance:entry", args=[e.number])
    return _photo_form(request, e, back, _("Add a photograph of %(ref)s") % {"ref": e.number})


def traced_photo_new(request, code):
    obj = _traced(code)
    back = reverse("provenance:traced", args=[obj.code])
    return _photo_form(request, obj, back, _("Add a photograph of %(ref)s") % {"ref": obj.code})


# ---- conflicts and occupations --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def upheavals_page(request):
    may = trace.roles_staff(request.user)
    form = forms.UpheavalForm(_posted(request)) if may else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form is None:
            return render(request, "provenance/forbidden.html", status=403)
        if form.is_valid():
            done = _attempt(form, lambda: trace.add_upheaval(request.user, form.for_service()))
            if done is not None:
                return redirect("provenance:upheavals")
    lang = _lang()
    rows = [present.upheaval(u, lang) for u in trace.upheavals()]
    for row, u in zip(rows, trace.upheavals()):
        row["state_name"] = u.state.name_in(lang)
    status = 422 if form is not None and form.is_bound and form.errors else 200
    return render(
        request,
        "provenance/upheavals.html",
        {"rows": rows, "form": form, "basis": _cite("occupation.illicit_export")},
        status=status,
    )
