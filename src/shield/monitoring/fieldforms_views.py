"""The field forms page: upload an export (and its form, if not kept yet), see the preview
(new, updated, unchanged, refused, places to review, unused columns), confirm, follow the
import (a job when large). Through the same service as the CLI and the API."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shield.registry.ids import as_uuid

from . import fieldforms_import as ff
from . import fieldforms_words as words
from .fieldforms_models import FieldForm, FieldImport, PlaceToReview
from .formviews import _only
from .services import may_assess


class UploadForm(forms.Form):
    export = forms.FileField(label=gettext_lazy("Export (JSON, CSV, XLSX, XLS or ZIP)"))
    form_file = forms.FileField(
        label=gettext_lazy("Form definition (XLSForm, JSON form or XForm), if not kept yet"),
        required=False,
    )
    kept = forms.ChoiceField(label=gettext_lazy("Or a kept form"), required=False)
    media = forms.FileField(  # type: ignore[assignment]
        label=gettext_lazy("Media (ZIP of photos)"), required=False
    )
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Import the valid submissions and list the refused"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kept"].choices = [("", "—")] + [
            (str(f.pk), f"{f.form_id} {f.version}".strip()) for f in FieldForm.objects.all()
        ]


def _report(report: dict) -> dict:
    """A report's parts in the reader's language."""
    return {
        "report": report,
        "matches": [(words.how(k), n) for k, n in (report.get("matches") or {}).items()],
        "reasons": [(words.reason(k), n) for k, n in (report.get("by_reason") or {}).items()],
        "version_note": words.version_note(report),
        "refused": [words.refusal_line(r) for r in report.get("refused", [])],
    }


def _folder(token: str) -> Path:
    return Path(settings.SHIELD_JOBS_DIR) / "fieldforms" / f"preview-{token}"


@_only(may_assess)
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        obj = None
        try:
            if form.cleaned_data["form_file"]:
                f = form.cleaned_data["form_file"]
                obj = ff.load_form(request.user, f.read(), f.name)
            elif form.cleaned_data["kept"]:
                obj = FieldForm.objects.filter(pk=as_uuid(form.cleaned_data["kept"])).first()
            if obj is None:
                form.add_error("form_file", _("Give the form definition, or choose a kept form."))
            else:
                export = form.cleaned_data["export"]
                content = export.read()
                preview = ff.run(
                    request.user, obj, content, export.name, dry_run=True, skip_invalid=True
                )
                token = secrets.token_urlsafe(16)
                folder = _folder(token)
                folder.mkdir(parents=True, exist_ok=True)
                (folder / "export").write_bytes(content)
                if form.cleaned_data["media"]:
                    (folder / "media").write_bytes(form.cleaned_data["media"].read())
                (folder / "name").write_text(export.name)
                return render(
                    request,
                    "monitoring/fieldforms_preview.html",
                    {
                        "title": _("Field forms: preview"),
                        "obj": obj,
                        "counts": preview.counts,
                        "token": token,
                        "skip_invalid": form.cleaned_data["skip_invalid"],
                        "filename": export.name,
                        **_report(preview.report),
                    },
                )
        except ff.ImportRefused as exc:
            form.add_error(None, exc.said())
            for r in (exc.report.get("refused") or [])[:20]:
                if r.get("row") is not None:
                    form.add_error(None, words.refusal_line(r))
    return render(
        request,
        "monitoring/fieldforms_upload.html",
        {
            "form": form,
            "title": _("Import field forms"),
            "multipart": True,
            "form_id": "fieldforms-upload",
            "places": PlaceToReview.objects.filter(property=None).count(),
            "imports": FieldImport.objects.exclude(status=FieldImport.PREVIEW)
            .select_related("form")
            .order_by("-created_at")[:10],
            "statuses": words.STATUSES,
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@_only(may_assess)
def confirm(request):
    if request.method != "POST":
        return redirect("monitoring:fieldforms")
    token = request.POST.get("token", "")
    folder = _folder(token)
    obj = FieldForm.objects.filter(pk=as_uuid(request.POST.get("form", ""))).first()
    if not token.replace("-", "").replace("_", "").isalnum() or not folder.is_dir() or obj is None:
        raise Http404("no such preview")
    content = (folder / "export").read_bytes()
    media = (folder / "media").read_bytes() if (folder / "media").is_file() else None
    name = (folder / "name").read_text()
    skip = request.POST.get("skip_invalid") == "1"
    try:
        if len(content) >= settings.SHIELD_IMPORT_JOB_FROM:
            from .fieldforms_tasks import start

            imp = start(request.user, obj, content, name, media, skip, 250.0)
        else:
            imp = ff.run(request.user, obj, content, name, media=media, skip_invalid=skip)
    except ff.ImportRefused as exc:
        return render(
            request,
            "monitoring/forbidden.html",
            {"message": exc.said()},
            status=422,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return redirect(reverse("monitoring:fieldforms-import", args=[imp.pk]))


@_only(may_assess)
def import_page(request, import_id):
    from .fieldforms_tasks import progress_of

    imp = FieldImport.objects.filter(pk=import_id).select_related("form").first()
    if imp is None:
        raise Http404("no such import")
    if request.method == "POST" and request.POST.get("undo") == "1":
        try:
            ff.undo(request.user, imp)
        except ff.ImportRefused as exc:
            return render(request, "monitoring/forbidden.html", {"message": exc.said()}, status=422)
        return redirect(reverse("monitoring:fieldforms-import", args=[imp.pk]))
    return render(
        request,
        "monitoring/fieldforms_import.html",
        {
            "title": _("Field forms import"),
            "imp": imp,
            "progress": progress_of(imp),
            "counts": imp.counts,
            "running": imp.status in (FieldImport.QUEUED, FieldImport.RUNNING),
            "error": words.refused(
                imp.report.get("error_code") or "", imp.report.get("error_params") or {}, imp.error
            )
            if imp.error
            else "",
            **_report(imp.report),
        },
    )


# ---- places to review ----------------------------------------------------------------------


class LinkForm(forms.Form):
    property = forms.CharField(
        label=gettext_lazy("The property's code"),
        max_length=200,
        help_text=gettext_lazy("As the registry writes it, e.g. ARM-00012"),
    )


class NewPropertyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=300)
    lang = forms.CharField(
        label=gettext_lazy("Language of the name"),
        max_length=20,
        initial="und",
        help_text=gettext_lazy("A language tag (hy, az, ru, en…); und when not known"),
    )
    category = forms.ChoiceField(label=gettext_lazy("Category"))
    state = forms.ChoiceField(label=gettext_lazy("State whose inventory it joins"))
    confidentiality = forms.ChoiceField(label=gettext_lazy("Confidentiality"))

    def __init__(self, *args, **kwargs):
        from shield.registry.vocab import CATEGORIES, CONFIDENTIALITY

        from .forms import state_choices

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *CATEGORIES]
        self.fields["state"].choices = [("", "—"), *state_choices()]
        self.fields["confidentiality"].choices = list(CONFIDENTIALITY)


@_only(may_assess)
def places(request):
    from . import fieldforms_review as review

    return render(
        request,
        "monitoring/fieldforms_places.html",
        {"title": _("Places to review"), "places": list(review.waiting(request.user))},
    )


@_only(may_assess)
def place_page(request, place_id):
    from django.contrib import messages

    from shield.core.errors import NotAllowed, RecordInvalid
    from shield.registry.disclosure import find_visible

    from . import fieldforms_review as review
    from .formerrors import field_label, localise

    place = review.find(request.user, str(place_id))
    if place is None:
        raise Http404("no such place to review")
    action = request.POST.get("action") if request.method == "POST" else None
    link_form = LinkForm(request.POST if action == "link" else None, prefix="link")
    new_form = NewPropertyForm(
        request.POST if action == "create" else None,
        prefix="new",
        initial={"name": place.name or place.site_id, "confidentiality": "public"},
    )
    bound = link_form if action == "link" else new_form
    if action in ("link", "create") and bound.is_valid():
        try:
            if action == "link":
                prop = find_visible(request.user, link_form.cleaned_data["property"])
                if prop is None:
                    link_form.add_error(
                        "property",
                        _("No property “%(ref)s” that you may see.")
                        % {"ref": link_form.cleaned_data["property"]},
                    )
                    raise _Shown
                n = review.link(request.user, place, prop)
            else:
                d = new_form.cleaned_data
                prop, n = review.create_property(
                    request.user,
                    place,
                    {
                        "names": [{"text": d["name"], "lang": d["lang"]}],
                        "category": d["category"],
                        "state": d["state"],
                        "confidentiality": d["confidentiality"],
                    },
                )
            messages.success(
                request,
                _("The place is %(code)s: %(n)s submission(s) recorded as its assessments.")
                % {"code": prop.code, "n": n},
            )
            return redirect(reverse("monitoring:timeline", args=[prop.code]))
        except _Shown:
            pass
        except ff.ImportRefused as exc:
            bound.add_error(None, exc.said())
        except NotAllowed:
            bound.add_error(
                None,
                _("Your role may not add to the inventory of this State.")
                if action == "create"
                else _("Your role does not allow this."),
            )
        except RecordInvalid as exc:
            for e in exc.errors:
                key = {"names[0].text": "name", "names[0].lang": "lang"}.get(e.field, e.field)
                message = localise(e.message)
                if key in bound.fields:
                    bound.add_error(key, message)
                else:
                    bound.add_error(None, f"{field_label(e.field)}: {message}")
    return render(
        request,
        "monitoring/fieldforms_place.html",
        {
            "title": _("A place to review"),
            "place": place,
            "submissions": [
                {"uuid": fs.uuid, "why": words.why(fs.match)}
                for fs in place.submissions.order_by("created_at")
            ],
            "link_form": link_form,
            "new_form": new_form,
        },
        status=422 if action and bound.errors else 200,
    )


class _Shown(Exception):
    """An error already put beside its field."""
