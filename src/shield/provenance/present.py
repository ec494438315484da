"""Register entries, checks and certificates as the doors show them (API, pages): the police
file only to those who read the entry in full; labels in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from shield.treaty.provisions import citation_of
from shield.treaty.trafficking import CIRCUMSTANCE_PROVISIONS

from . import access, register, vocab
from .check import Found
from .models import RegisterEntry, SearchCertificate

FIELD_NAMES = {
    "object_type": ("Object type", "Gjenstandstype"),
    "title": ("Title", "Tittel"),
    "maker": ("Maker", "Opphav"),
    "inscriptions": ("Inscriptions and markings", "Inskripsjoner og merker"),
    "materials": ("Materials and techniques", "Materialer og teknikker"),
    "measurements": ("Measurements", "Mål"),
    "date": ("Date or period", "Datering eller periode"),
    "features": ("Distinguishing features", "Særtrekk"),
}
OUTCOMES = {
    "match": ("matches", "stemmer"),
    "partial": ("partly matches", "stemmer delvis"),
    "differs": ("differs", "avviker"),
}


def _in(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "nb" else pair[0]


def _label(vocabulary, code: str, lang: str) -> str:
    with translation.override(lang):
        return vocab.label(vocabulary, code)


def circumstance_citation(code: str, lang: str) -> str:
    text = CIRCUMSTANCE_PROVISIONS.get(code)
    return citation_of(text).label("nb" if lang == "nb" else "en") if text else ""


def entry(e: RegisterEntry, user, lang: str) -> dict[str, Any]:
    out = register.record(e, full=access.reads_in_full(user, e))
    out["id"] = str(e.id)
    out["status_label"] = _label(vocab.STATUSES, e.status, lang)
    out["circumstances_label"] = _label(vocab.CIRCUMSTANCES, e.circumstances, lang)
    out["circumstances_citation"] = circumstance_citation(e.circumstances, lang)
    return out


def candidate(found: Found, lang: str) -> dict[str, Any]:
    e = found.entry
    return {
        "number": e.number,
        "score": found.score,
        "image": None
        if found.image is None
        else {
            "outcome": found.image.outcome,
            "outcome_label": _in(OUTCOMES[found.image.outcome], lang),
            "score": found.image.score,
            "bits": found.image.bits,
            "photograph": found.image.query,
        },
        "title": e.title,
        "object_type": e.object_type,
        "status": e.status,
        "status_label": _label(vocab.STATUSES, e.status, lang),
        "circumstances": e.circumstances,
        "circumstances_label": _label(vocab.CIRCUMSTANCES, e.circumstances, lang),
        "reporting_state": e.reporting_state.code,
        "lost_place": e.lost_place,
        "text_lang": e.text_lang,
        "reasons": [
            {
                "field": r.field,
                "field_label": _in(FIELD_NAMES[r.field], lang),
                "outcome": r.outcome,
                "outcome_label": _in(OUTCOMES[r.outcome], lang),
                "score": r.score,
                "query": r.query,
                "record": r.record,
            }
            for r in found.candidate.reasons
        ],
    }


def certificate(cert: SearchCertificate, valid: bool) -> dict[str, Any]:
    return {
        "number": cert.number,
        "issued_at": cert.issued_at.isoformat(),
        "asked_by": cert.asked_by_label,
        "query": cert.query,
        "register_version": cert.register_version,
        "register_size": cert.register_size,
        "result": cert.result,
        "valid": valid,
        "certificate": cert.note,
    }


def upheaval(u, lang: str) -> dict[str, Any]:
    return {
        "id": u.pk,
        "state": u.state.code,
        "place": u.place,
        "kind": u.kind,
        "kind_label": _label(vocab.UPHEAVAL_KINDS, u.kind, lang),
        "name": u.name,
        "began_on": u.began_on.isoformat(),
        "ended_on": u.ended_on.isoformat() if u.ended_on else "",
        "source": u.source,
        "synthetic": u.synthetic,
    }
