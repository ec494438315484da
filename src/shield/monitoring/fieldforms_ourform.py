"""Heritage Shield's own field forms (``shield.fieldforms.ourform``) with our vocabularies.

``xlsform(kind)`` writes the XLSForm of the condition assessment or the incident report:
EAMENA's vocabularies (those of ``vocab``, natural hazards, neglect and development among
the causes) as choice lists labelled in English and Norwegian as our pages label them.
``kept_form(kind)`` keeps that form with its built-in mapping (confirmed: there is nothing
to map), so that an export of data collected with it imports with no mapping step.
"""

from __future__ import annotations

import io
import zipfile

from django.utils import translation

from shield.fieldforms import ourform

from . import vocab
from .fieldforms_models import FieldForm

KINDS = ("assessment", "incident", "both")

# Each choice list of the forms and the vocabulary that gives it.
_LISTS = {
    "condition": vocab.CONDITIONS,
    "damage_extent": vocab.DAMAGE_EXTENTS,
    "cause": vocab.DISTURBANCE_CAUSES,
    "certainty": vocab.CERTAINTIES,
    "threat": vocab.DISTURBANCE_CATEGORIES,
    "priority": vocab.PRIORITIES,
    "allegation": vocab.ALLEGATIONS,
}


def vocabularies() -> dict[str, ourform.Vocabulary]:
    """Our vocabularies as the form's choice lists, each code labelled in English and
    Norwegian (bokmål)."""
    labels: dict[str, dict[str, dict[str, str]]] = {}
    for lang, _name in ourform.LANGUAGES:
        with translation.override(lang):
            for list_name, items in _LISTS.items():
                for code, label in items:
                    labels.setdefault(list_name, {}).setdefault(code, {})[lang] = str(label)
    return {
        name: ourform.Vocabulary(name, tuple(labels[name].items()))
        for name in _LISTS
        if name in labels
    }


def causes() -> dict[str, str]:
    """Each cause's code to ``category/cause`` (the mapping's form for causes)."""
    return {
        code: f"{vocab.CAUSE_CATEGORIES.get(code, 'unknown')}/{code}"
        for code, _label in vocab.DISTURBANCE_CAUSES
    }


def filename(kind: str) -> str:
    if kind == "both":
        return "heritage_shield_forms.zip"
    return f"{ourform.FORM_IDS[kind]}.xlsx"


def xlsform(kind: str = "assessment") -> bytes:
    """The XLSForm of one form (``.xlsx``); ``both``: a ZIP of the two."""
    if kind not in KINDS:
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    if kind != "both":
        return ourform.workbook(kind, vocabularies())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for one in ("assessment", "incident"):
            z.writestr(filename(one), ourform.workbook(one, vocabularies()))
    return out.getvalue()


def builtin_mapping(kind: str) -> dict:
    return ourform.builtin_mapping(kind, causes())


def kept_form(kind: str) -> FieldForm:
    """Our own form, kept (per form id and version) with its built-in mapping."""
    from shield import fieldforms as engine

    parsed = engine.read_form(xlsform(kind), filename(kind))
    obj, created = FieldForm.objects.get_or_create(
        form_id=parsed.form_id,
        version=parsed.version,
        defaults={
            "title": parsed.title[:300],
            "definition": parsed.definition,
            "filename": filename(kind),
            "mapping": builtin_mapping(kind),
            "mapping_confirmed": True,
        },
    )
    if not created and not (obj.mapping or {}).get("builtin") and not obj.mapping_confirmed:
        obj.mapping, obj.mapping_confirmed = builtin_mapping(kind), True
        obj.save(update_fields=["mapping", "mapping_confirmed"])
    return obj


def recognised(form_id: str, version: str = "") -> str | None:
    """The kind of one of our forms by its form id (None: not ours)."""
    return ourform.recognise(form_id, version)
