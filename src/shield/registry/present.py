"""Properties as the reader may see them: the dicts behind the API, pages, exports and maps."""

from __future__ import annotations

from datetime import date

from .disclosure import location_for
from .models import CulturalProperty
from .protection import Event, effective_levels, state_on
from .validation import TEXT_FIELDS


def events_of(prop: CulturalProperty) -> list[Event]:
    return [Event(e.level, e.action, e.effective_date, e.basis) for e in prop.protection_events.all()]


def protection_on(prop: CulturalProperty, on: date) -> dict:
    events = events_of(prop)
    states = state_on(events, on)
    return {
        "on": on.isoformat(),
        "levels": effective_levels(events, on),
        "history_levels": [
            {"level": s.level, "active": s.active, "status": s.status,
             "since": s.since.isoformat() if s.since else None, "basis": s.basis}
            for s in states.values()
        ],
    }


def names_of(prop: CulturalProperty) -> list[dict]:
    return [{"text": n.text, "lang": n.lang, "script": n.script, "kind": n.kind, "source": n.source}
            for n in prop.names.all()]


def summary(prop: CulturalProperty, user, lang: str = "en", on: date | None = None) -> dict:
    return {
        "id": str(prop.id),
        "code": prop.code,
        "name": prop.display_name(lang),
        "names": names_of(prop),
        "category": prop.category,
        "state": prop.inventory_state.code,
        "confidentiality": prop.confidentiality,
        "location": location_for(user, prop),
        "protection": effective_levels(events_of(prop), on or date.today()),
    }


def detail(prop: CulturalProperty, user, lang: str = "en", on: date | None = None) -> dict:
    out = summary(prop, user, lang, on)
    out.update({field: getattr(prop, field) for field in TEXT_FIELDS})
    out.update({
        "external_id": prop.external_id,
        "is_movable": prop.is_movable,
        "measurements": prop.measurements or [],
        "part_of": prop.part_of.code if prop.part_of_id and prop.part_of.deleted_at is None else None,
        "claims": [
            {"state": c.state.code, "state_name": c.state.name_in(lang), "role": c.role,
             "valid_from": c.valid_from, "valid_to": c.valid_to, "basis": c.basis, "source": c.source}
            for c in prop.claims.select_related("state")
        ],
        "protection_history": [
            {"level": e.level, "action": e.action, "effective_date": e.effective_date,
             "basis": e.basis, "note": e.note}
            for e in prop.protection_events.all()
        ],
        "photographs": [{"url": p.url, "caption": p.caption} for p in prop.photographs.all()],
        "created_at": prop.created_at,
        "updated_at": prop.updated_at,
        "deleted": prop.deleted_at is not None,
    })
    return out
