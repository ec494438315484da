"""A property's story in date order: protection, assessments, incidents, refusals, evidence."""

from __future__ import annotations

from datetime import date

from django.utils import formats, translation

from shield.registry.vocab import PROTECTION_ACTIONS, PROTECTION_LEVELS

from . import vocab
from .evidence import place_for
from .models import AccessRefusal, Assessment, Evidence, Incident
from .present import disturbance_text, place_of
from .wording import describe, is_claim

_NB = {
    "protection": "Vern",
    "assessment": "Tilstandsvurdering",
    "incident": "Hendelse",
    "refusal": "Nektet adgang",
    "evidence": "Bevis",
}
_EN = {
    "protection": "Protection",
    "assessment": "Condition assessment",
    "incident": "Incident",
    "refusal": "Access refused",
    "evidence": "Evidence",
}


_WORDS = {
    "en": {
        "exact": "exact place",
        "area": "area only",
        "image": "image of {on} from {provider}",
        "occurred": "occurred on {on}",
        "by": "by {who}",
        "gps": "field GPS {lat}, {lon}",
        "gps_accuracy": "field GPS {lat}, {lon} (±{acc} m)",
        "gps_area": "field GPS: area only",
    },
    "nb": {
        "exact": "nøyaktig sted",
        "area": "bare området",
        "image": "bilde fra {on} levert av {provider}",
        "occurred": "skjedde {on}",
        "by": "av {who}",
        "gps": "GPS-punkt i felt {lat}, {lon}",
        "gps_accuracy": "GPS-punkt i felt {lat}, {lon} (±{acc} m)",
        "gps_area": "GPS-punkt i felt: bare området",
    },
}


def _heading(kind: str, lang: str) -> str:
    return (_NB if lang == "nb" else _EN)[kind]


def _word(key: str, lang: str) -> str:
    return _WORDS["nb" if lang == "nb" else "en"][key]


def _gps(place: dict | None, lang: str) -> str:
    """The assessment's field GPS as the reader may see it (``present.place_of``)."""
    if place is None:
        return ""
    if place["precision"] != "exact":
        return _word("gps_area", lang)
    lat, lon = f"{place['lat']:.5f}", f"{place['lon']:.5f}"
    if place.get("accuracy_m") is not None:
        return _word("gps_accuracy", lang).format(
            lat=lat, lon=lon, acc=f"{place['accuracy_m']:.0f}"
        )
    return _word("gps", lang).format(lat=lat, lon=lon)


def latest_assessment(prop) -> Assessment | None:
    return prop.assessments.order_by("-assessed_on", "-created_at").first()


def build(prop, user, lang: str = "en") -> list[dict]:
    """Each item dated by its act (the protection's effective date, the assessment's date,
    the report's date, the refusal's date, the file's capture else its receipt), in
    ``lang``: headings, labels and words."""
    with translation.override("nb" if lang == "nb" else "en"):
        return _build(prop, user, lang)


def _build(prop, user, lang: str) -> list[dict]:
    items: list[dict] = []
    for e in prop.protection_events.all():
        items.append(
            {
                "kind": "protection",
                "date": e.effective_date,
                "heading": _heading("protection", lang),
                "text": f"{vocab.label(PROTECTION_LEVELS, e.level)}: {vocab.label(PROTECTION_ACTIONS, e.action)}",
                "detail": e.basis,
            }
        )
    for a in Assessment.objects.filter(property=prop).select_related("property"):
        how = vocab.label(vocab.METHODS, a.method)
        if a.method == "remote" and a.image_date:
            image = _word("image", lang).format(
                on=formats.date_format(a.image_date, "DATE_FORMAT"), provider=a.image_provider
            )
            how += f" ({image})"
        seen = [disturbance_text(d) for d in a.disturbances]
        gps = _gps(place_of(user, a), lang)
        if gps:
            seen.append(gps)
        items.append(
            {
                "kind": "assessment",
                "date": a.assessed_on,
                "heading": _heading("assessment", lang),
                "text": f"{vocab.label(vocab.CONDITIONS, a.condition)}; "
                f"{vocab.label(vocab.DAMAGE_EXTENTS, a.damage_extent)}",
                "detail": "; ".join([how, *seen, _word("by", lang).format(who=a.assessor)]),
                "condition": a.condition,
                "id": str(a.pk),
                "synthetic": a.synthetic,
            }
        )
    for i in Incident.objects.filter(property=prop).select_related(
        "property", "reporter_state", "verified_by"
    ):
        items.append(
            {
                "kind": "incident",
                "date": i.reported_on,
                "heading": _heading("incident", lang),
                "text": describe(i, lang),
                "claim": is_claim(i),
                "id": str(i.pk),
                "status": i.status,
                "synthetic": i.synthetic,
            }
        )
    for r in AccessRefusal.objects.filter(property=prop).select_related("refused_by"):
        who = r.refused_by.name_in(lang) if r.refused_by_id else r.refused_by_label
        items.append(
            {
                "kind": "refusal",
                "date": r.refused_on,
                "heading": _heading("refusal", lang),
                "text": who,
                "detail": r.description,
            }
        )
    for ev in Evidence.objects.filter(property=prop):
        place = place_for(user, ev)
        items.append(
            {
                "kind": "evidence",
                "date": (ev.captured_at or ev.received_at).date(),
                "heading": _heading("evidence", lang),
                "text": ev.filename,
                "detail": f"SHA-256 {ev.sha256}"
                + (f"; {_word(place['precision'], lang)}" if place else ""),
                "sha256": ev.sha256,
                "thumb": f"/api/evidence/{ev.pk}/thumbnail" if ev.kind == "image" else None,
                "synthetic": ev.synthetic,
            }
        )
    order = {"protection": 0, "refusal": 1, "incident": 2, "evidence": 3, "assessment": 4}
    items.sort(key=lambda x: (x["date"] or date.min, order[x["kind"]]))
    return items
