"""The monitoring forms' pages: each act through the same service the API uses.

A form is shown only to the roles that may do the act (the others get 403, the anonymous
the login page). A refusal is shown beside the field it names, in the reader's language
(``formerrors``); nothing is written then. Every write is the service's: one transaction,
one audit entry.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from ninja.errors import HttpError

from shield.accounts import roles
from shield.core.errors import NotAllowed, RecordInvalid
from shield.core.language import reader_lang
from shield.registry.ids import as_uuid

from . import custody, forms, services, store, uploads
from . import evidence as ev_service
from .formerrors import field_label, localise
from .models import Mission

# ---- who may -------------------------------------------------------------------------------


def may_record_missions(user) -> bool:
    return roles.is_staff_role(user)


def may_record_consent(user) -> bool:
    return roles.is_staff_role(user) or (
        roles.has_role(user, roles.PARTY_OFFICER) and roles.state_of(user) is not None
    )


def may_report(user) -> bool:
    return bool(roles.roles_of(user))


def actions_for(user) -> dict[str, bool]:
    """Which monitoring acts the reader may do: the pages show only those."""
    return {
        "mission": may_record_missions(user),
        "consent": may_record_consent(user),
        "refusal": services.may_assess(user),
        "assessment": services.may_assess(user),
        "incident": may_report(user),
        "incident_status": services.may_assess(user),
        "evidence": ev_service.may_handle(user),
        "fieldforms": services.may_assess(user),
    }


def _only(check):
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                return render(
                    request,
                    "monitoring/forbidden.html",
                    {"message": _("Your role does not allow this.")},
                    status=403,
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _get(qs, pk):
    key = as_uuid(pk)
    found = qs.filter(pk=key).first() if key else None
    if found is None:
        raise Http404("Not found")
    return found


# ---- showing a form and its refusals -------------------------------------------------------


def show_refusal(form, exc) -> None:
    """The service's errors beside the fields they name, in the reader's language."""
    lang = reader_lang()
    if isinstance(exc, RecordInvalid):
        for e in exc.errors:
            message = e.refused.message(lang) if e.refused is not None else localise(e.message)
            place = form.place_for(e.field)
            if place is not None:
                form.add_error(place, message)
            else:
                form.add_error(None, f"{field_label(e.field)}: {message}")
    else:
        form.add_error(None, localise(str(exc)))


def _page(request, form, title: str, *, status: int = 200, **context):
    if form.is_bound and form.errors and status == 200:
        status = 422
    return render(
        request,
        context.pop("template", "monitoring/form.html"),
        {"form": form, "title": title, **context},
        status=status,
    )


def _refused(form, field: str, message: str) -> None:
    """A refusal beside ``field`` of a form whose input was not read (nothing else to say)."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    form.add_error(field, message)


def _attempt(form, write):
    """Run the service; its refusal goes on the form. The result, or None when refused."""
    try:
        return write()
    except (RecordInvalid, NotAllowed) as exc:
        show_refusal(form, exc)
        return None


# ---- missions ------------------------------------------------------------------------------


@_only(may_record_missions)
def mission_new(request):
    form = forms.MissionForm(request.POST or None, initial={"status": "proposed"})
    if request.method == "POST" and form.is_valid():
        mission = _attempt(form, lambda: services.create_mission(request.user, form.for_service()))
        if mission is not None:
            return redirect("monitoring:mission", mission.pk)
    return _page(request, form, _("Record a mission"), form_id="mission-form")


@_only(may_record_missions)
def mission_status(request, mission_id):
    mission = _get(Mission.objects.all(), mission_id)
    form = forms.MissionStatusForm(request.POST or None, initial={"status": mission.status})
    if request.method == "POST" and form.is_valid():
        data = form.for_service()
        done = _attempt(
            form,
            lambda: services.set_mission_status(
                request.user, mission, data["status"], data.get("note", "")
            ),
        )
        if done is not None:
            return redirect("monitoring:mission", mission.pk)
    return _page(
        request,
        form,
        _("Change the status of %(mission)s") % {"mission": mission.title},
        form_id="mission-status-form",
        back=reverse("monitoring:mission", args=[mission.pk]),
    )


@_only(may_record_consent)
def consent_new(request, mission_id):
    mission = _get(Mission.objects.all(), mission_id)
    form = forms.ConsentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form, lambda: services.set_consent(request.user, mission, form.for_service())
        )
        if done is not None:
            return redirect("monitoring:mission", mission.pk)
    return _page(
        request,
        form,
        _("Record a consent to %(mission)s") % {"mission": mission.title},
        form_id="consent-form",
        back=reverse("monitoring:mission", args=[mission.pk]),
    )


@_only(services.may_assess)
def refusal_new(request, mission_id=None):
    mission = _get(Mission.objects.all(), mission_id) if mission_id else None
    form = forms.RefusalForm(
        request.POST or None, initial={"property": request.GET.get("property", "")}
    )
    if request.method == "POST" and form.is_valid():
        refusal = _attempt(
            form, lambda: services.record_refusal(request.user, form.for_service(), mission)
        )
        if refusal is not None:
            if mission is not None:
                return redirect("monitoring:mission", mission.pk)
            if refusal.property_id:
                return redirect("monitoring:timeline", refusal.property.code)
            return redirect("monitoring:index")
    title = (
        _("Record a refusal of access to %(mission)s") % {"mission": mission.title}
        if mission
        else _("Record a refusal of access")
    )
    return _page(request, form, title, form_id="refusal-form")


# ---- assessments and incidents -------------------------------------------------------------


def _open_missions():
    return Mission.objects.exclude(status="closed").order_by("-created_at")[:50]


@csrf_exempt
def assessment_new(request):
    """Streams its image to disk (``uploads``): the upload handlers are set before the body
    is read, so the CSRF check runs after them (``csrf_protect`` below)."""
    return _with_bounded_upload(request, _assessment_new)


@csrf_protect
@_only(services.may_assess)
def _assessment_new(request, upload_refused: str = ""):
    form = forms.AssessmentForm(
        request.POST or None,
        request.FILES or None,
        missions=_open_missions(),
        initial={
            "property": request.GET.get("property", ""),
            "mission": request.GET.get("mission", ""),
            "method": "field",
            "damage_extent": "unknown",
        },
    )
    if upload_refused:
        _refused(form, "image", upload_refused)
        return _page(request, form, _("Record a condition assessment"), status=413, **_a_ctx())
    if request.method == "POST" and form.is_valid():
        mission_id = form.cleaned_data.get("mission")
        mission_pk = as_uuid(mission_id) if mission_id else None
        mission = Mission.objects.filter(pk=mission_pk).first() if mission_pk else None
        image = form.cleaned_data.get("image")

        def write():
            with transaction.atomic():  # the assessment and its image, or neither
                a = services.create_assessment(request.user, form.for_service(), mission)
                if image is not None:
                    try:
                        ev_service.add_evidence(
                            request.user, image.name or "", image, {"assessment": str(a.pk)}
                        )
                    except RecordInvalid as exc:
                        raise RecordInvalid(
                            [type(e)("image", e.message, e.refused) for e in exc.errors]
                        ) from None
                return a

        a = _attempt(form, write)
        if a is not None:
            return redirect(reverse("monitoring:timeline", args=[a.property.code]) + f"#a-{a.pk}")
    return _page(request, form, _("Record a condition assessment"), **_a_ctx())


def _a_ctx() -> dict:
    return {"template": "monitoring/assessment_form.html", "form_id": "assessment-form"}


@_only(may_report)
def incident_new(request):
    form = forms.IncidentForm(
        request.POST or None,
        user=request.user,
        initial={"property": request.GET.get("property", "")},
    )
    if request.method == "POST" and form.is_valid():
        incident = _attempt(
            form, lambda: services.create_incident(request.user, form.for_service())
        )
        if incident is not None:
            return redirect("monitoring:incident", incident.pk)
    return _page(
        request,
        form,
        _("Report an incident"),
        template="monitoring/incident_form.html",
        form_id="incident-form",
    )


@_only(services.may_assess)
def incident_status(request, incident_id):
    incident = _get(services.visible_incidents(request.user), incident_id)
    assessments = services.visible_assessments(request.user).filter(property=incident.property)
    form = forms.IncidentStatusForm(
        request.POST or None, assessments=assessments, initial={"status": incident.status}
    )
    if request.method == "POST" and form.is_valid():
        data = form.for_service()
        done = _attempt(
            form,
            lambda: services.set_incident_status(
                request.user,
                incident,
                data["status"],
                data.get("assessment") or None,
                data.get("note", ""),
            ),
        )
        if done is not None:
            return redirect("monitoring:incident", incident.pk)
    return _page(
        request,
        form,
        _("Change the status of an incident report"),
        form_id="incident-status-form",
        back=reverse("monitoring:incident", args=[incident.pk]),
    )


# ---- evidence and custody ------------------------------------------------------------------


def _with_bounded_upload(request, view):
    """Files to disk in chunks, cut off at ``SHIELD_EVIDENCE_MAX_BYTES`` (``uploads``); a
    file too large is refused beside its field (413) and nothing is stored."""
    if request.method != "POST":
        return view(request)
    limit = store.max_bytes()
    try:
        announced = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        announced = 0
    refused = localise(uploads.too_large_message(limit))
    if announced > limit + uploads.FORM_ALLOWANCE:
        return _refuse_upload(request, view, refused)
    request.upload_handlers = [uploads.BoundedUpload(request, limit)]
    try:
        request.POST  # noqa: B018 (reads the body through the handlers)
        request.FILES  # noqa: B018
    except HttpError:
        return _refuse_upload(request, view, refused)
    try:
        return view(request)
    except store.TooLarge:
        return _refuse_upload(request, view, refused)


def _refuse_upload(request, view, message: str):
    """The form again, empty but for the refusal beside the file (the body was not read)."""
    from django.http import QueryDict

    request._post = QueryDict(mutable=True)
    request._files = {}
    request.method = "GET"
    response = view(request, upload_refused=message)
    request.method = "POST"
    return response


@csrf_exempt
def evidence_new(request):
    """Streams the file to disk (``uploads``); the CSRF check runs once the handlers are set."""
    return _with_bounded_upload(request, _evidence_new)


@csrf_protect
@_only(ev_service.may_handle)
def _evidence_new(request, upload_refused: str = ""):
    initial = {k: request.GET.get(k, "") for k in ("property", "incident", "assessment")}
    form = forms.EvidenceForm(request.POST or None, request.FILES or None, initial=initial)
    if upload_refused:
        _refused(form, "file", upload_refused)
        return _page(request, form, _("Submit evidence"), status=413, **_e_ctx())
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        ev = _attempt(
            form,
            lambda: ev_service.add_evidence(request.user, upload.name or "", upload, form.links()),
        )
        if ev is not None:
            return redirect("monitoring:evidence", ev.pk)
    return _page(request, form, _("Submit evidence"), **_e_ctx())


def _e_ctx() -> dict:
    return {"form_id": "evidence-form", "multipart": True}


def custody_new(request, evidence_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    ev = _get(ev_service.visible_evidence(request.user), evidence_id)
    if not ev_service.holds(request.user, ev):
        return render(
            request,
            "monitoring/forbidden.html",
            {"message": localise(_HOLDERS_ONLY)},
            status=403,
        )
    form = forms.CustodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(form, lambda: custody.add(request.user, ev, form.for_service()))
        if done is not None:
            return redirect(reverse("monitoring:evidence", args=[ev.pk]) + "#custody")
    return _page(
        request,
        form,
        _("Record a custody event of %(file)s") % {"file": ev.filename},
        form_id="custody-form",
        back=reverse("monitoring:evidence", args=[ev.pk]),
    )


_HOLDERS_ONLY = "only those who hold the item record its custody"
