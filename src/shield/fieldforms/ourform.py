"""Heritage Shield's own field forms, as XLSForms: the condition assessment and the incident
report, so that what a team collects with KoboCollect or ODK Collect comes home with no
mapping step.

``workbook`` writes one form (its ``survey``, ``choices`` and ``settings`` sheets, labels in
English and Norwegian bokmål); the vocabularies come from the caller (their codes are the
choice names, their labels in each language), so that the form says what our pages say.
``builtin_mapping`` is the mapping of each form to our fields, fixed by its form id and
version: ``recognise`` tells an import that a form is one of ours.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

VERSION = "2026.1"
FORM_IDS = {
    "assessment": "heritage_shield_assessment",
    "incident": "heritage_shield_incident",
}
TITLES = {
    "assessment": {
        "en": "Heritage Shield: condition assessment",
        "nb": "Heritage Shield: tilstandsvurdering",
    },
    "incident": {
        "en": "Heritage Shield: incident report",
        "nb": "Heritage Shield: hendelsesrapport",
    },
}
# The XLSForm's language columns ("label::English (en)"), as ODK and Kobo name them.
LANGUAGES = (("en", "English (en)"), ("nb", "Norsk bokmål (nb)"))


@dataclass(frozen=True)
class Vocabulary:
    """A choice list: each code with its label per language (``{"en": ..., "nb": ...}``)."""

    name: str
    items: tuple[tuple[str, dict[str, str]], ...]


# Each question: (type, name, labels, hints, extra columns). ``list:`` names a choice list.
_Q = tuple[str, str, dict[str, str], dict[str, str], dict[str, str]]

_PROPERTY: list[_Q] = [
    (
        "text",
        "property_code",
        {"en": "The property's code", "nb": "Kulturminnets kode"},
        {
            "en": "As on the property's page in Heritage Shield (e.g. ARM-0001)",
            "nb": "Slik den står på kulturminnets side i Heritage Shield (f.eks. ARM-0001)",
        },
        {"required": "yes"},
    ),
    (
        "text",
        "site_name",
        {"en": "The property's name", "nb": "Kulturminnets navn"},
        {
            "en": "Where the code is not known: the name found on the spot",
            "nb": "Der koden ikke er kjent: navnet slik det brukes på stedet",
        },
        {},
    ),
    (
        "geopoint",
        "location",
        {"en": "Where you are (GPS)", "nb": "Hvor du er (GPS)"},
        {},
        {},
    ),
]

_ASSESSMENT: list[_Q] = [
    ("text", "assessor", {"en": "Assessor", "nb": "Vurdert av"}, {}, {"required": "yes"}),
    (
        "date",
        "assessed_on",
        {"en": "Date of the assessment", "nb": "Dato for vurderingen"},
        {},
        {"required": "yes", "default": "today()"},
    ),
    (
        "select_one condition",
        "condition",
        {"en": "Overall condition", "nb": "Samlet tilstand"},
        {},
        {"required": "yes"},
    ),
    (
        "select_one damage_extent",
        "damage_extent",
        {"en": "Extent of damage", "nb": "Skadeomfang"},
        {},
        {},
    ),
    (
        "select_multiple cause",
        "damage_types",
        {"en": "Damage types (causes)", "nb": "Skadetyper (årsaker)"},
        {
            "en": "Everything seen, armed conflict or not",
            "nb": "Alt som ses, væpnet konflikt eller ikke",
        },
        {},
    ),
    (
        "select_one certainty",
        "certainty",
        {"en": "Certainty of the causes", "nb": "Sikkerhet om årsakene"},
        {},
        {"relevant": "${damage_types} != ''"},
    ),
    (
        "select_multiple threat",
        "threats",
        {"en": "Threats", "nb": "Trusler"},
        {},
        {},
    ),
    (
        "select_one priority",
        "priority",
        {"en": "Priority for action", "nb": "Prioritet for tiltak"},
        {},
        {},
    ),
    ("text", "notes", {"en": "Notes", "nb": "Merknader"}, {}, {"appearance": "multiline"}),
]

_INCIDENT: list[_Q] = [
    (
        "text",
        "reporter_name",
        {"en": "Reported by", "nb": "Rapportert av"},
        {},
        {"required": "yes"},
    ),
    (
        "date",
        "reported_on",
        {"en": "Date of the report", "nb": "Dato for rapporten"},
        {},
        {"required": "yes", "default": "today()"},
    ),
    (
        "date",
        "occurred_on",
        {"en": "When it happened", "nb": "Når det skjedde"},
        {},
        {},
    ),
    (
        "select_one allegation",
        "allegation",
        {"en": "What happened", "nb": "Hva skjedde"},
        {},
        {"required": "yes"},
    ),
    (
        "text",
        "description",
        {"en": "Description", "nb": "Beskrivelse"},
        {},
        {"appearance": "multiline"},
    ),
]

_PHOTOS_LABEL = {"en": "Photographs", "nb": "Fotografier"}
_PHOTO_LABEL = {"en": "Photograph", "nb": "Fotografi"}

# The choice lists each form needs, by the vocabulary that gives them.
LISTS = {
    "assessment": ("condition", "damage_extent", "cause", "certainty", "threat", "priority"),
    "incident": ("allegation",),
}


def _labels(labels: dict[str, str], column: str = "label") -> dict[str, str]:
    return {f"{column}::{name}": labels.get(code, "") for code, name in LANGUAGES}


def sheets(kind: str, vocabularies: dict[str, Vocabulary]) -> dict[str, list[dict[str, str]]]:
    """The form's rows: ``survey``, ``choices`` and ``settings`` (as XLSForm has them)."""
    if kind not in FORM_IDS:
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(FORM_IDS)}")
    questions = _PROPERTY + (_ASSESSMENT if kind == "assessment" else _INCIDENT)
    survey: list[dict[str, str]] = [
        {"type": "start", "name": "start"},
        {"type": "end", "name": "end"},
    ]
    for qtype, name, labels, hints, extra in questions:
        row = {"type": qtype, "name": name, **_labels(labels)}
        if hints:
            row.update(_labels(hints, "hint"))
        row.update(extra)
        survey.append(row)
    survey += [
        {"type": "begin_repeat", "name": "photos", **_labels(_PHOTOS_LABEL)},
        {
            "type": "image",
            "name": "photo",
            **_labels(_PHOTO_LABEL),
            "parameters": "max-pixels=2048",
        },
        {
            "type": "text",
            "name": "caption",
            **_labels({"en": "What it shows", "nb": "Hva det viser"}),
        },
        {"type": "end_repeat", "name": ""},
    ]
    choices: list[dict[str, str]] = []
    for list_name in LISTS[kind]:
        vocabulary = vocabularies[list_name]
        for code, labels in vocabulary.items:
            choices.append({"list_name": list_name, "name": code, **_labels(labels)})
    settings = [
        {
            "form_id": FORM_IDS[kind],
            "version": VERSION,
            "form_title": TITLES[kind]["en"],
            "default_language": LANGUAGES[0][1],
            "allow_choice_duplicates": "no",
        }
    ]
    return {"survey": survey, "choices": choices, "settings": settings}


def workbook(kind: str, vocabularies: dict[str, Vocabulary]) -> bytes:
    """The XLSForm of one form (``assessment`` or ``incident``) as an ``.xlsx`` workbook."""
    from openpyxl import Workbook

    book = Workbook()
    first = True
    for title, rows in sheets(kind, vocabularies).items():
        sheet = book.active if first else book.create_sheet()
        first = False
        assert sheet is not None
        sheet.title = title
        headers = list(dict.fromkeys(key for row in rows for key in row))
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(h, "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def recognise(form_id: str, version: str = "") -> str | None:
    """The kind of one of our forms (``assessment`` or ``incident``) by its form id; None
    for any other form. Every version of ours has the same questions' names."""
    for kind, ours in FORM_IDS.items():
        if form_id == ours:
            return kind
    return None


def builtin_mapping(kind: str, causes: dict[str, str]) -> dict[str, Any]:
    """The mapping of our own form to our fields. ``causes``: each cause's code to its
    ``category/cause`` (the choice names are our codes; causes carry their category)."""
    fields: dict[str, Any] = {
        "site_id": "property_code",
        "site_name": "site_name",
        "location": "location",
        "photos": ["photos/photo"],
    }
    values: dict[str, dict[str, str]] = {}
    if kind == "assessment":
        fields.update(
            assessor="assessor",
            assessed_on="assessed_on",
            condition="condition",
            damage_extent="damage_extent",
            causes="damage_types",
            certainty="certainty",
            threats="threats",
            priority="priority",
            notes="notes",
        )
        values["causes"] = dict(causes)
        constants: dict[str, Any] = {"method": "field"}
    else:
        fields.update(
            reporter_name="reporter_name",
            reported_on="reported_on",
            occurred_on="occurred_on",
            allegation="allegation",
            description="description",
        )
        constants = {"reporter_kind": "mission"}
    return {
        "kind": kind,
        "form_id": FORM_IDS[kind],
        "version": VERSION,
        "fields": fields,
        "values": values,
        "constants": constants,
        "reasons": {name: "Heritage Shield's own form" for name in fields},
        "builtin": True,
    }
