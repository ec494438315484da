"""How an incident is worded, everywhere: a claim until an assessment verifies it.

Every page, the dossier, the API and the exports call ``describe``; no other place words
an incident. Until its status is 'verified' the sentence names who reported it and when
("Azerbaijan reported on 2021-01-12 that ..."); once verified, it names the assessment.
"""

from __future__ import annotations

from django.utils import formats, translation

from shield.core.language import product_lang

from .models import Incident

_WHAT = {
    "en": {
        "damage": "{p} was damaged",
        "destruction": "{p} was destroyed",
        "looting": "{p} was looted",
        "military_use": "{p} was used for military purposes",
        "desecration": "{p} was desecrated",
        "denial_of_access": "access to {p} was denied",
    },
    "nb": {
        "damage": "{p} ble skadet",
        "destruction": "{p} ble ødelagt",
        "looting": "{p} ble plyndret",
        "military_use": "{p} ble brukt til militære formål",
        "desecration": "{p} ble vanhelliget",
        "denial_of_access": "adgang til {p} ble nektet",
    },
}
_CLAIM = {
    "en": "{who} reported on {on}, that {what}",
    "nb": "{who} rapporterte {on} at {what}",
}
_QUALIFIER = {
    "en": {
        "reported": "a claim, not verified",
        "corroborated": "a claim corroborated by independent sources, not verified",
        "not_substantiated": "a claim found not substantiated",
    },
    "nb": {
        "reported": "en påstand, ikke verifisert",
        "corroborated": "en påstand støttet av uavhengige kilder, ikke verifisert",
        "not_substantiated": "en påstand som ikke er underbygget",
    },
}
_VERIFIED = {
    "en": "Verified by the {method} assessment of {on} ({assessor}): {what}, as {who} reported on {reported}",
    "nb": "Verifisert ved {method} vurdering {on} ({assessor}): {what}, slik {who} rapporterte {reported}",
}
_METHOD = {
    "en": {"field": "field", "remote": "remote"},
    "nb": {"field": "feltbasert", "remote": "fjernbasert"},
}
_UNKNOWN_REPORTER = {"en": "An unnamed source", "nb": "En ikke navngitt kilde"}


def _lang(lang: str | None) -> str:
    return product_lang(lang)


def _day(day, lang: str) -> str:
    """A date as the reader's language writes it ("Oct. 8, 2020", "8. oktober 2020")."""
    with translation.override(lang):
        return formats.date_format(day, "DATE_FORMAT")


def reporter(incident: Incident, lang: str = "en") -> str:
    lang = _lang(lang)
    if incident.reporter_kind == "party" and incident.reporter_state_id:
        return incident.reporter_state.name_in(lang)
    if incident.reporter_name:
        return incident.reporter_name
    if incident.mission_id:
        return incident.mission.title
    return _UNKNOWN_REPORTER[lang]


def describe(incident: Incident, lang: str = "en") -> str:
    """The one sentence for an incident, in ``lang`` ('en' or 'nb')."""
    lang = _lang(lang)
    what = _WHAT[lang][incident.allegation].format(p=incident.property.display_name(lang))
    who = reporter(incident, lang)
    if incident.status == "verified" and incident.verified_by_id:
        a = incident.verified_by
        return (
            _VERIFIED[lang].format(
                method=_METHOD[lang][a.method],
                on=_day(a.assessed_on, lang),
                assessor=a.assessor,
                what=what,
                who=who,
                reported=_day(incident.reported_on, lang),
            )
            + "."
        )
    claim = _CLAIM[lang].format(who=who, on=_day(incident.reported_on, lang), what=what)
    return f"{claim} ({_QUALIFIER[lang].get(incident.status, _QUALIFIER[lang]['reported'])})."


def is_claim(incident: Incident) -> bool:
    return not (incident.status == "verified" and incident.verified_by_id)
