"""Monitoring records as the reader may see them: the dicts behind the API, pages and dossier."""

from __future__ import annotations

from shield.registry.disclosure import location_for, sees_exact

from . import analysis, vocab
from .models import AccessRefusal, Assessment, Incident, Mission
from .wording import describe, is_claim


def place_of(user, a: Assessment) -> dict | None:
    """Where the assessment was made (the field GPS), as far as the reader may see it: the
    point and its accuracy for those who see the property's exact location; for the others
    the property's own coarse area, exactly as its location is shown to them (never the
    assessor's point, which would locate a confidential property); None without a point."""
    if a.lat is None or a.lon is None:
        return None
    prop = a.property
    if sees_exact(user, prop):
        return {"precision": "exact", "lat": a.lat, "lon": a.lon, "accuracy_m": a.location_accuracy}
    where = location_for(user, prop)
    if where["lat"] is None:
        return None
    return {"precision": "area", "lat": where["lat"], "lon": where["lon"], "accuracy_m": None}


def assessment(a: Assessment, user) -> dict:
    return {
        "id": str(a.pk),
        "property": a.property.code,
        "assessed_on": a.assessed_on.isoformat(),
        "method": a.method,
        "image_date": a.image_date.isoformat() if a.image_date else None,
        "image_provider": a.image_provider,
        "condition": a.condition,
        "condition_label": vocab.label(vocab.CONDITIONS, a.condition),
        "damage_extent": a.damage_extent,
        "disturbances": a.disturbances,
        "threats": a.threats,
        "priority": a.priority,
        "priority_label": vocab.label(vocab.PRIORITIES, a.priority) if a.priority else "",
        "assessor": a.assessor,
        "notes": a.notes,
        "mission": str(a.mission_id) if a.mission_id else None,
        "external_id": a.external_id,
        "synthetic": a.synthetic,
        "location": place_of(user, a),
    }


def disturbance_text(d: dict) -> str:
    """'Military/Armed Conflict: Explosion/Heavy Weaponry (High)', in the active language."""
    text = vocab.label(vocab.DISTURBANCE_CATEGORIES, d.get("category", ""))
    if d.get("cause"):
        text += f": {vocab.label(vocab.DISTURBANCE_CAUSES, d['cause'])}"
    if d.get("certainty"):
        text += f" ({vocab.label(vocab.CERTAINTIES, d['certainty'])})"
    return text


def threat_text(t: dict) -> str:
    text = vocab.label(vocab.DISTURBANCE_CATEGORIES, t.get("category", ""))
    if t.get("probability"):
        text += f" ({vocab.label(vocab.THREAT_PROBABILITIES, t['probability'])})"
    return text


def incident(i: Incident, lang: str = "en", with_analysis: bool = False) -> dict:
    out = {
        "id": str(i.pk),
        "property": i.property.code,
        "text": describe(i, lang),
        "is_claim": is_claim(i),
        "reporter_kind": i.reporter_kind,
        "reporter_state": i.reporter_state.code if i.reporter_state_id else None,
        "reporter_name": i.reporter_name,
        "reported_on": i.reported_on.isoformat(),
        "occurred_on": i.occurred_on.isoformat() if i.occurred_on else None,
        "allegation": i.allegation,
        "description": i.description,
        "sources": i.sources,
        "status": i.status,
        "verified_by": str(i.verified_by_id) if i.verified_by_id else None,
        "facts": i.facts,
        "synthetic": i.synthetic,
    }
    if with_analysis:
        found = analysis.analyse(i)
        out["analysis"] = (
            None
            if found is None
            else {
                "note": "an analysis for a lawyer to weigh, not a verdict",
                "protection_on_date": analysis.protection_level(i).value,
                "result": found.result,
                "citations": list(found.labels(lang)),
                "reasoning": analysis.walk(found, lang),
            }
        )
    return out


def refusal(r: AccessRefusal, lang: str = "en") -> dict:
    return {
        "refused_by": r.refused_by.code if r.refused_by_id else None,
        "refused_by_name": r.refused_by.name_in(lang) if r.refused_by_id else r.refused_by_label,
        "refused_on": r.refused_on.isoformat(),
        "property": r.property.code if r.property_id else None,
        "description": r.description,
        "source": r.source,
    }


def mission(m: Mission, user, lang: str = "en") -> dict:
    from shield.registry.disclosure import visible_to

    return {
        "id": str(m.pk),
        "title": m.title,
        "mandate": m.mandate,
        "requesting_body": m.requesting_body,
        "status": m.status,
        "status_label": vocab.label(vocab.MISSION_STATUSES, m.status),
        "team": m.team,
        "areas": m.areas,
        "starts_on": m.starts_on.isoformat() if m.starts_on else None,
        "ends_on": m.ends_on.isoformat() if m.ends_on else None,
        "consents": [
            {
                "state": c.state.code,
                "state_name": c.state.name_in(lang),
                "status": c.status,
                "requested_on": c.requested_on.isoformat(),
                "answered_on": c.answered_on.isoformat() if c.answered_on else None,
                "note": c.note,
            }
            for c in m.consents.select_related("state")
        ],
        "refusals": [refusal(r, lang) for r in m.refusals.select_related("refused_by", "property")],
        "properties": [
            {"code": p.code, "name": p.display_name(lang)}
            for p in visible_to(user, m.properties.all())
        ],
        "synthetic": m.synthetic,
    }


def map_features(user, props, lang: str = "en") -> dict:
    """GeoJSON of assessed property, coloured by its latest condition; locations as disclosed."""
    features = []
    for p in props:
        latest = p.assessments.order_by("-assessed_on", "-created_at").first()
        loc = location_for(user, p)
        if latest is None or loc["lat"] is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                "properties": {
                    "code": p.code,
                    "name": p.display_name(lang),
                    "condition": latest.condition,
                    "condition_label": vocab.label(vocab.CONDITIONS, latest.condition),
                    "colour": vocab.CONDITION_COLOURS[latest.condition],
                    "assessed_on": latest.assessed_on.isoformat(),
                    "precision": loc["precision"],
                    "synthetic": p.synthetic or latest.synthetic,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
