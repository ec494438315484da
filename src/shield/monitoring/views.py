"""Monitoring pages: thin doors onto the services, present and wording modules."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from shield.core.language import reader_lang
from shield.core.pdf import pdf_response
from shield.registry import present as registry_present
from shield.registry.disclosure import find_visible, sees_exact, visible_to
from shield.registry.ids import as_uuid

from . import analysis, services, timeline, vocab
from . import compare as comparing
from . import evidence as ev_service
from . import present as mon_present
from .formviews import actions_for
from .models import Evidence, Mission
from .wording import describe, is_claim


def _lang() -> str:
    return reader_lang()


def _property(request, code: str):
    prop = find_visible(request.user, code)
    if prop is None:
        raise Http404("No such property")
    return prop


def _get(qs, pk):
    key = as_uuid(pk)
    obj = qs.filter(pk=key).first() if key else None
    if obj is None:
        raise Http404("Not found")
    return obj


def index(request):
    lang = _lang()
    incidents = services.visible_incidents(request.user).order_by("-reported_on")[:50]
    assessments = (
        services.visible_assessments(request.user)
        .prefetch_related("property__names")
        .order_by("-assessed_on", "-created_at")[:50]
    )
    return render(
        request,
        "monitoring/index.html",
        {
            "actions": actions_for(request.user),
            "assessments": [
                {
                    "a": a,
                    "name": a.property.display_name(lang),
                    "place": mon_present.place_of(request.user, a),
                }
                for a in assessments
            ],
            "missions": [mon_present.mission(m, request.user, lang) for m in Mission.objects.all()],
            "incidents": [
                {
                    "id": i.pk,
                    "code": i.property.code,
                    "text": describe(i, lang),
                    "claim": is_claim(i),
                    "synthetic": i.synthetic,
                }
                for i in incidents
            ],
        },
    )


def mission_page(request, mission_id):
    m = _get(Mission.objects.all(), mission_id)
    lang = _lang()
    incidents = services.visible_incidents(request.user).filter(mission=m)
    return render(
        request,
        "monitoring/mission.html",
        {
            "actions": actions_for(request.user),
            "mission": mon_present.mission(m, request.user, lang),
            "assessments": [
                mon_present.assessment(a, request.user)
                for a in services.visible_assessments(request.user).filter(mission=m)
            ],
            "incidents": [
                {"id": i.pk, "text": describe(i, lang), "claim": is_claim(i)} for i in incidents
            ],
        },
    )


def _with_images(items: list[dict], prop) -> list[dict]:
    """Each assessment's images beside it (their thumbnails: derivatives without metadata)."""
    images: dict[str, list[str]] = {}
    for ev_id, a_id in Evidence.objects.filter(
        property=prop, assessment__isnull=False, kind="image"
    ).values_list("pk", "assessment_id"):
        images.setdefault(str(a_id), []).append(f"/api/evidence/{ev_id}/thumbnail")
    for item in items:
        if item["kind"] == "assessment":
            item["images"] = images.get(item["id"], [])
    return items


def _context(request, prop, lang: str) -> dict:
    assessments = list(services.visible_assessments(request.user).filter(property=prop))
    incidents = services.visible_incidents(request.user).filter(property=prop)
    evidence = prop.evidence.all()
    latest = assessments[-1] if assessments else None
    return {
        "prop": registry_present.detail(prop, request.user, lang),
        "code": prop.code,
        "exact": sees_exact(request.user, prop),
        "actions": actions_for(request.user),
        "items": _with_images(timeline.build(prop, request.user, lang), prop),
        "assessments": [mon_present.assessment(a, request.user) for a in assessments],
        "latest": mon_present.assessment(latest, request.user) if latest else None,
        "latest_colour": vocab.CONDITION_COLOURS.get(latest.condition) if latest else None,
        "incidents": [_incident_rows(i, lang) for i in incidents],
        "evidence": [ev_service.present(request.user, e) for e in evidence],
        "today": date.today(),
    }


def _incident_rows(i, lang: str) -> dict:
    found = analysis.analyse(i)
    return {
        "id": i.pk,
        "text": describe(i, lang),
        "claim": is_claim(i),
        "status": i.status,
        "status_label": vocab.label(vocab.INCIDENT_STATUSES, i.status),
        "sources": i.sources,
        "analysis": analysis.walk(found, lang) if found else None,
    }


def property_timeline(request, code: str):
    prop = _property(request, code)
    return render(request, "monitoring/timeline.html", _context(request, prop, _lang()))


def compare_page(request, code: str):
    prop = _property(request, code)
    qs = services.visible_assessments(request.user).filter(property=prop)
    a, b = request.GET.get("a"), request.GET.get("b")
    result = comparing.compare(_get(qs, a), _get(qs, b)) if a and b else None
    if result is not None:
        result = _in_words(result)
    template = (
        "monitoring/_compare.html"
        if request.headers.get("HX-Request")
        else "monitoring/compare.html"
    )
    return render(
        request,
        template,
        {
            "code": prop.code,
            "result": result,
            "assessments": [mon_present.assessment(x, request.user) for x in qs],
        },
    )


_TRENDS = {"worse": _("worse"), "better": _("better"), "same": _("same"), "unknown": _("unknown")}
_COMPARED = {
    "assessed_on": _("Assessed on"),
    "method": _("Method"),
    "image_date": _("Date of the image"),
    "image_provider": _("Image provider"),
    "condition": _("Condition"),
    "damage_extent": _("Damage extent"),
    "priority": _("Priority for action"),
    "assessor": _("Assessor"),
}


def _in_words(result: dict) -> dict:
    """The comparison with the reader's labels beside its codes (the API's keeps codes)."""
    return result | {
        "trend_label": _TRENDS.get(result["trend"], result["trend"]),
        "fields": [f | {"label": _COMPARED.get(f["field"], f["field"])} for f in result["fields"]],
    }


def incident_page(request, incident_id):
    i = _get(services.visible_incidents(request.user), incident_id)
    lang = _lang()
    row = _incident_rows(i, lang)
    return render(
        request,
        "monitoring/incident.html",
        {
            "incident": mon_present.incident(i, lang),
            "row": row,
            "code": i.property.code,
            "protection": analysis.protection_level(i).value,
            "act_date": analysis.act_date(i),
            "actions": actions_for(request.user),
            "evidence": [ev_service.present(request.user, e) for e in i.evidence.all()],
        },
    )


def condition_map(request):
    lang = _lang()
    # The map draws what has a place (``present.map_features``); the rest are named here.
    unplaced = [
        {"code": p.code, "name": p.display_name(lang)}
        for p in visible_to(request.user)
        .filter(assessments__isnull=False)
        .filter(Q(lat__isnull=True) | Q(lon__isnull=True))
        .distinct()
        .prefetch_related("names")
        .order_by("code")
    ]
    return render(
        request,
        "monitoring/map.html",
        {
            "legend": [
                (code, label, vocab.CONDITION_COLOURS[code]) for code, label in vocab.CONDITIONS
            ],
            "unplaced": unplaced,
        },
    )


def evidence_page(request, evidence_id):
    """One evidence file: what the reader may see of it, its custody, and the acts on it."""
    ev = _get(ev_service.visible_evidence(request.user), evidence_id)
    lang = _lang()
    return render(
        request,
        "monitoring/evidence.html",
        {
            "ev": ev_service.present(request.user, ev),
            "name": ev.property.display_name(lang) if ev.property_id else "",
            "holds": ev_service.holds(request.user, ev),
            "actions": actions_for(request.user),
        },
    )


def dossier(request, code: str):
    """The dossier as HTML, or as PDF with ?format=pdf (one template, inline styles only)."""
    fmt = "pdf" if request.GET.get("format") == "pdf" else "html"
    lang = request.GET.get("lang") or _lang()
    lang = "nb" if lang in {"nb", "no", "nn"} else "en"
    prop = _property(request, code)
    with translation.override(lang):
        context = _context(request, prop, lang) | {"lang": lang, "pdf": fmt == "pdf"}
        if fmt == "pdf":
            return pdf_response(
                "monitoring/dossier.html", context, request, f"dossier-{prop.code}-{lang}.pdf"
            )
        return render(request, "monitoring/dossier.html", context)
