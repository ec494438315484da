"""Properties as the reader may see them: the dicts behind the API, pages, exports and maps."""

from __future__ import annotations

import inspect
from datetime import date

from shield.treaty import protection as law

from .disclosure import location_for
from .identifiers import link
from .models import CulturalProperty
from .protection import Event, is_read
from .records import identifiers_of
from .validation import TEXT_FIELDS


def events_of(prop: CulturalProperty) -> list[Event]:
    """Every recorded event, as recorded (those the law does not read included)."""
    return [
        Event(e.level, e.action, e.effective_date, e.basis) for e in prop.protection_events.all()
    ]


def facts_of(prop: CulturalProperty) -> law.PropertyFacts:
    """What the protection engine reads of ``prop``: category, inventory State, claims, events."""
    claims = [
        law.Claim(c.state.code, c.role, c.valid_from, c.valid_to)
        for c in prop.claims.select_related("state")
    ]
    return law.PropertyFacts(
        prop.category, prop.inventory_state.code, tuple(claims), tuple(events_of(prop))
    )


def register_for(treaty: str):
    """The register of ``treaty`` ('protocol' or 'convention') as recorded here; None for the
    shipped one (shield.treaty.status reads it)."""
    from shield.parties.register import current_register

    if "treaty" in inspect.signature(current_register).parameters:
        return current_register(treaty=treaty)
    return current_register() if treaty == "protocol" else None


def levels_on(prop: CulturalProperty, on: date) -> list[str]:
    """The levels in force on ``on``: general for every cultural property, special and enhanced
    from the history, the Protocol's rule where both special and enhanced apply (no register read)."""
    return list(law.levels_in_force(prop.category, events_of(prop), on).result)


def _cited(found, lang: str) -> dict:
    return {"reason": found.reason_in(lang), "citations": list(found.labels(lang))}


def _state_name(code: str, lang: str) -> str:
    try:
        from shield.treaty import states

        return states.name(code, lang)
    except (ImportError, AttributeError, LookupError, ValueError):
        return code


def _walk(found, depth: int = 0, lang: str = "en") -> list[dict]:
    rows = [{"depth": depth, **_cited(found, lang)}]
    for part in found.parts:
        rows.extend(_walk(part, depth + 1, lang))
    return rows


def protection_on(
    prop: CulturalProperty, on: date, lang: str = "en", conflict: law.Conflict | None = None
) -> dict:
    """The property's protection on ``on`` as the law derives it, in ``lang``: general protection
    with its citations and the States it binds that day, special and enhanced protection from
    the history, the Protocol's rule where both apply, recorded events the law does not read, and the
    whole reasoning."""
    lang = "nb" if lang == "nb" else "en"
    found = law.protection_on(
        facts_of(prop), on, register_for("protocol"), register_for("convention"), conflict
    )
    ans = found.result
    general = None
    if ans.general is not None:
        general = {
            "level": law.GENERAL,
            **_cited(ans.general, lang),
            "bound": {
                "convention": list(ans.bound("convention")),
                "protocol": list(ans.bound("protocol")),
            },
            "states": [
                {
                    "state": b.state,
                    "name": _state_name(b.state, lang),
                    "convention": b.convention,
                    "protocol": b.protocol,
                    "respect_minimum": b.respect_minimum,
                    "protocol_in_conflict": b.protocol_in_conflict,
                    **_cited(part, lang),
                }
                for b, part in zip(ans.bindings, ans.general.parts, strict=True)
            ],
        }
    history = [
        {
            "level": st.level,
            "active": st.active,
            "status": st.status,
            "since": st.since.isoformat() if st.since else None,
            "basis": st.basis,
            **_cited(ans.by_level[st.level], lang),
        }
        for st in ans.history.values()
    ]
    return {
        "on": on.isoformat(),
        "lang": lang,
        "cultural_property": ans.is_cultural_property,
        "levels": list(ans.levels),
        "in_force": list(ans.in_force),
        **_cited(found, lang),
        "category": {"code": prop.category, **_cited(ans.cultural_property, lang)},
        "general": general,
        "special_and_enhanced": history,
        "history_levels": [
            {k: h[k] for k in ("level", "active", "status", "since", "basis")} for h in history
        ],
        "art_4b": None
        if ans.art4b is None
        else {"levels_between_parties": list(ans.art4b.result), **_cited(ans.art4b, lang)},
        "ignored_events": [
            {
                "level": ev.level,
                "action": ev.action,
                "effective_date": ev.effective_date.isoformat(),
                **_cited(why, lang),
            }
            for ev, why in ans.ignored
        ],
        "reasoning": _walk(found, lang=lang),
    }


def names_of(prop: CulturalProperty) -> list[dict]:
    return [
        {"text": n.text, "lang": n.lang, "script": n.script, "kind": n.kind, "source": n.source}
        for n in prop.names.all()
    ]


def summary(prop: CulturalProperty, user, lang: str = "en", on: date | None = None) -> dict:
    return {
        "id": str(prop.id),
        "code": prop.code,
        "name": prop.display_name(lang),
        "names": names_of(prop),
        "category": prop.category,
        "state": prop.inventory_state.code,
        "confidentiality": prop.confidentiality,
        "synthetic": prop.synthetic,
        "location": location_for(user, prop),
        "protection": levels_on(prop, on or date.today()),
    }


def detail(prop: CulturalProperty, user, lang: str = "en", on: date | None = None) -> dict:
    out = summary(prop, user, lang, on)
    out.update({field: getattr(prop, field) for field in TEXT_FIELDS})
    out.update(
        {
            "external_id": prop.external_id,
            "is_movable": prop.is_movable,
            "measurements": prop.measurements or [],
            "part_of": prop.part_of.code
            if prop.part_of_id and prop.part_of.deleted_at is None
            else None,
            "claims": [
                {
                    "state": c.state.code,
                    "state_name": c.state.name_in(lang),
                    "role": c.role,
                    "valid_from": c.valid_from,
                    "valid_to": c.valid_to,
                    "basis": c.basis,
                    "source": c.source,
                }
                for c in prop.claims.select_related("state")
            ],
            "protection_history": [
                {
                    "level": e.level,
                    "action": e.action,
                    "effective_date": e.effective_date,
                    "basis": e.basis,
                    "note": e.note,
                    "read": is_read(Event(e.level, e.action, e.effective_date, e.basis)),
                }
                for e in prop.protection_events.all()
            ],
            "photographs": [{"url": p.url, "caption": p.caption} for p in prop.photographs.all()],
            "identifiers": [
                {**i, "url": link(i["scheme"], i["value"])} for i in identifiers_of(prop)
            ],
            "created_at": prop.created_at,
            "updated_at": prop.updated_at,
            "deleted": prop.deleted_at is not None,
        }
    )
    return out
