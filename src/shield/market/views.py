"""The market screening pages: upload a batch of listings, follow its progress, and the review
queue (the candidates above the threshold, best first; each pair side by side with its
evidence and photographs; confirm, reject or mark unsure). For police and customs and the
Secretariat (``access``)."""

from __future__ import annotations

import io

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from shield.core.errors import NotAllowed, RecordInvalid
from shield.provenance.models import Photo
from shield.registry.disclosure import sees_exact

from . import service, tasks
from .access import may_review, may_screen
from .models import AGAINST, DECISIONS, Batch, Candidate

FIELD_LABELS = {
    "title": _("Title"),
    "object_type": _("Object type"),
    "materials": _("Materials"),
    "measurements": _("Measurements"),
    "date": _("Date"),
    "image": _("Photograph"),
}


LEVEL_LABELS = {
    "same title": _("same title"),
    "title nearly the same": _("title nearly the same"),
    "every word of one alike": _("every word of one alike"),
    "two words alike": _("two words alike"),
    "one word alike": _("one word alike"),
    "same concept": _("same concept"),
    "two materials shared": _("two materials shared"),
    "a material shared": _("a material shared"),
    "within 5%": _("within 5%"),
    "within 15%": _("within 15%"),
    "periods overlap": _("periods overlap"),
    "within 50 years": _("within 50 years"),
    "photograph within 8 bits": _("photograph within 8 bits"),
    "photograph within 16 bits": _("photograph within 16 bits"),
    "differs": _("differs"),
    "no value to compare": _("no value to compare"),
}


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's own recipe): each checked as a FileField."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFiles(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data]
        return [one(data, initial)] if data else []


class BatchForm(forms.Form):
    file = forms.FileField(
        label=_("File of listings"),
        help_text=_(
            "CSV or JSON: id, title, description, object_type, materials, measurements, date, "
            "language, marketplace, url, images (the photographs' file names)"
        ),
    )
    images = MultipleFileField(
        label=_("Photographs of the listings"),
        required=False,
        help_text=_("The files the listings name in their images column"),
    )
    against = forms.ChoiceField(label=_("Screen against"), choices=AGAINST, initial="stolen")
    threshold = forms.FloatField(
        label=_("Threshold (match probability)"),
        min_value=0.01,
        max_value=1.0,
        initial=service.DEFAULT_THRESHOLD,
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Review decision"), choices=DECISIONS)
    reason = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject a candidate"),
    )


def _gate(request, check=may_review):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not check(request.user):
        return render(request, "market/forbidden.html", status=403)
    return None


def sync_up_to() -> int:
    """Batches of up to this many listings are screened within the request; larger ones
    run as a task on the worker."""
    return int(getattr(settings, "SHIELD_MARKET_SYNC_UP_TO", 200))


@require_http_methods(["GET", "POST"])
def index(request):
    refused = _gate(request, may_screen)
    if refused is not None:
        return refused
    form = BatchForm(request.POST or None, request.FILES or None)
    problems = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            files = {f.name: f.read() for f in request.FILES.getlist("images")}
            try:
                batch = service.start(
                    request.user,
                    upload.read(),
                    upload.name or "listings",
                    against=form.cleaned_data["against"],
                    threshold=form.cleaned_data["threshold"],
                    files=files,
                )
            except RecordInvalid as exc:
                problems, status = exc.errors, 422
            else:
                if batch.listings_count <= sync_up_to():
                    try:
                        service.run(batch)
                    except Exception as exc:
                        service.fail(batch, f"the screening stopped ({type(exc).__name__})")
                        raise
                else:
                    tasks.enqueue(batch)
                return redirect("market:batch", code=batch.code)
        else:
            status = 422
    batches = Batch.objects.select_related("created_by")[:20]
    return render(
        request,
        "market/index.html",
        {"form": form, "problems": problems, "batches": batches},
        status=status,
    )


def batch_page(request, code: str):
    refused = _gate(request)
    if refused is not None:
        return refused
    batch = get_object_or_404(Batch, code=code)
    shown = request.GET.get("status", Candidate.OPEN)
    if shown not in {Candidate.OPEN, "confirmed", "rejected", "unsure", "all"}:
        shown = Candidate.OPEN
    queue = service.queue(batch, "" if shown == "all" else shown)[:200]
    return render(
        request,
        "market/batch.html",
        {
            "batch": batch,
            "progress": service.progress_of(batch),
            "queue": queue,
            "shown": shown,
            "statuses": Candidate.STATUSES,
            "running": batch.status in (Batch.QUEUED, Batch.RUNNING),
        },
    )


def _record_view(request, candidate: Candidate) -> dict:
    """The register's side as the reviewer may see it."""
    if candidate.entry is not None:
        entry = candidate.entry
        return {
            "kind": "stolen",
            "ref": entry.number,
            "title": entry.display(),
            "synthetic": entry.synthetic,
            "state": entry.reporting_state,
            "photos": list(Photo.objects.filter(entry=entry)),
            "place": entry.lost_place,
        }
    prop = candidate.property
    assert prop is not None
    exact = sees_exact(request.user, prop)
    return {
        "kind": "inventory",
        "ref": prop.code,
        "title": prop.title or prop.display_name(),
        "synthetic": getattr(prop, "synthetic", False),
        "state": prop.inventory_state,
        "photos": [],
        "place": (prop.current_place or prop.custodian) if exact else "",
        "place_hidden": not exact,
    }


@require_http_methods(["GET", "POST"])
def pair(request, code: str, pk: int):
    refused = _gate(request)
    if refused is not None:
        return refused
    candidate = get_object_or_404(
        Candidate.objects.select_related("batch", "listing", "entry", "property"),
        pk=pk,
        batch__code=code,
    )
    form = DecisionForm(request.POST or None)
    problems = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                service.decide(
                    request.user,
                    candidate,
                    form.cleaned_data["decision"],
                    form.cleaned_data["reason"],
                )
            except RecordInvalid as exc:
                problems, status = exc.errors, 422
            except NotAllowed:
                return render(request, "market/forbidden.html", status=403)
            else:
                return redirect("market:pair", code=code, pk=pk)
        else:
            status = 422
    evidence = [
        {
            **e,
            "label": FIELD_LABELS.get(e["field"], e["field"]),
            "level": LEVEL_LABELS.get(e["level"], e["level"]),
        }
        for e in candidate.evidence
    ]
    decisions = candidate.decisions.select_related("decided_by", "case")
    return render(
        request,
        "market/pair.html",
        {
            "c": candidate,
            "listing": candidate.listing,
            "record": _record_view(request, candidate),
            "evidence": evidence,
            "form": form,
            "problems": problems,
            "decisions": decisions,
        },
        status=status,
    )


def image(request, sha256: str):
    """A listing's photograph as shown: a JPEG of its pixels only (no metadata), for reviewers."""
    refused = _gate(request)
    if refused is not None:
        return refused
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise Http404
    path = service.image_path(sha256)
    if not path.is_file():
        raise Http404
    from PIL import Image

    from shield.matching import images

    img = images.open_image(path.read_bytes())
    img.thumbnail((1024, 1024))
    bare = Image.frombytes("RGB", img.size, img.tobytes())
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=85)
    return HttpResponse(out.getvalue(), content_type="image/jpeg")
