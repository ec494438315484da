"""The screening page: targets from a file or from clicks on the map, screened on a date; the
no-strike list of an area as a file. For those who may screen (``access``)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shield.core.errors import RecordInvalid
from shield.geo import BadBBox, parse_bbox
from shield.treaty.provisions import provision

from . import nostrike, service, targets
from .access import may_screen


class ScreenForm(forms.Form):
    file = forms.FileField(
        label=_("File of targets"),
        required=False,
        help_text=_("CSV with columns id, lat, lon and, if you wish, radius_m; or GeoJSON points"),
    )
    points = forms.CharField(
        label=_("Targets as lines of latitude, longitude"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Click on the map to add one, or write one per line, e.g. 40.18, 44.51"),
    )
    on = forms.DateField(
        label=_("Date of the operation"),
        initial=date.today,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    radius_m = forms.FloatField(
        label=_("Radius (metres)"), min_value=0, max_value=1_000_000, initial=0
    )
    reverse = forms.BooleanField(
        label=_("Military objectives: the property within the radius of each"), required=False
    )


class NoStrikeForm(forms.Form):
    bbox = forms.CharField(
        label=_("Area (west, south, east, north)"), help_text=_("Degrees, e.g. 43.4,38.8,46.7,41.3")
    )
    on = forms.DateField(
        label=_("Date"), initial=date.today, widget=forms.DateInput(attrs={"type": "date"})
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("geojson", "GeoJSON"), ("kml", "KML"), ("csv", "CSV")]
    )


def _lang() -> str:
    return "nb" if (get_language() or "en").startswith("nb") else "en"


def _points(text: str) -> list[dict]:
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace(";", ",").split(",")]
        out.append({"id": f"{n}", "lat": parts[0], "lon": parts[1] if len(parts) > 1 else ""})
    return out


def _gate(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_screen(request.user):
        return render(request, "screening/forbidden.html", status=403)
    return None


def index(request):
    refused = _gate(request)
    if refused is not None:
        return refused
    lang = _lang()
    form = ScreenForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "nostrike": NoStrikeForm(initial={"on": date.today()}),
        "law": [
            provision(k).label(lang)
            for k in ("general.precautions_in_attack", "general.precautions_against_effects")  # type: ignore[arg-type]
        ],
    }
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = data.get("file")
            if upload:
                content = upload.read()
                found = targets.read(content, upload.name or "targets")
            else:
                content = (data.get("points") or "").encode()
                found = targets.from_points(_points(data.get("points") or ""))
            context["result"] = service.screen(
                request.user,
                found,
                data["on"],
                data["radius_m"],
                data["reverse"],
                None,
                lang,
                source=content,
                name=getattr(upload, "name", "") or "map",
            )
        except RecordInvalid as exc:
            context["problems"] = exc.errors
            status = 422
    elif request.method == "POST":
        status = 422
    return render(request, "screening/index.html", context, status=status)


def nostrike_file(request):
    refused = _gate(request)
    if refused is not None:
        return refused
    form = NoStrikeForm(request.GET)
    if form.is_valid():
        try:
            box = parse_bbox(form.cleaned_data["bbox"])
        except BadBBox as exc:
            form.add_error("bbox", str(exc))
        else:
            fmt = form.cleaned_data["format"]
            result = nostrike.items(request.user, box, form.cleaned_data["on"], lang=_lang())
            text, kind = nostrike.render(result, fmt)
            response = HttpResponse(text, content_type=kind)
            response["Content-Disposition"] = (
                f'attachment; filename="nostrike-{form.cleaned_data["on"].isoformat()}.{fmt}"'
            )
            return response
    context = {"form": ScreenForm(), "nostrike": form, "law": []}
    return render(request, "screening/index.html", context, status=422)
