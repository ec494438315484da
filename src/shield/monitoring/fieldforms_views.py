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
from .fieldforms_models import FieldForm, FieldImport
from .formviews import _only
from .services import may_assess


class UploadForm(forms.Form):
    export = forms.FileField(label=gettext_lazy("Export (JSON, CSV, XLSX or ZIP)"))
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
                        "report": preview.report,
                        "counts": preview.counts,
                        "token": token,
                        "skip_invalid": form.cleaned_data["skip_invalid"],
                        "filename": export.name,
                        "refused": [ff.refusal_line(r) for r in preview.report.get("refused", [])],
                    },
                )
        except ff.ImportRefused as exc:
            form.add_error(None, str(exc))
            for r in ff.public_report(exc.report)["refused"][:20]:
                form.add_error(None, ff.refusal_line(r))
    return render(
        request,
        "monitoring/form.html",
        {
            "form": form,
            "title": _("Import field forms"),
            "multipart": True,
            "form_id": "fieldforms-upload",
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
            {"message": str(exc)},
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
            return render(request, "monitoring/forbidden.html", {"message": str(exc)}, status=422)
        return redirect(reverse("monitoring:fieldforms-import", args=[imp.pk]))
    return render(
        request,
        "monitoring/fieldforms_import.html",
        {
            "title": _("Field forms import"),
            "imp": imp,
            "progress": progress_of(imp),
            "counts": imp.counts,
            "report": imp.report,
            "running": imp.status in (FieldImport.QUEUED, FieldImport.RUNNING),
            "refused": [ff.refusal_line(r) for r in imp.report.get("refused", [])],
        },
    )
