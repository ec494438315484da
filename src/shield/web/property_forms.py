"""The forms that keep a property's record on the web: the record itself (with its names,
claims and measurements as formsets), a photograph, its confidentiality.

The forms check what a browser can get wrong (a required field, a number, a date) with
Django's messages in the reader's language; the record is then written through
``shield.registry.services`` (``clean_record``), as every other door writes it, and what that
refuses is shown beside its field (``property_errors``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import global_settings
from django.conf.locale import LANG_INFO
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shield.core.language import reader_lang
from shield.parties.models import State
from shield.registry.models import CulturalProperty
from shield.registry.validation import TEXT_FIELDS
from shield.registry.vocab import (
    CATEGORIES,
    CONFIDENTIALITY,
    EVENT_ACTIONS,
    EVENT_LEVELS,
    IDENTIFIER_SCHEMES,
    JURISDICTION_ROLES,
    LOCATION_CERTAINTY,
    MEASUREMENT_UNITS,
    NAME_KINDS,
)

BOUNDARY_MAX_BYTES = 2 * 1024 * 1024

# ISO 15924 scripts a name is most often written in, with their names. A name's script left
# empty is read from its first letter (``validation.guess_script``).
SCRIPTS = [
    ("Latn", _("Latin script")),
    ("Cyrl", _("Cyrillic script")),
    ("Armn", _("Armenian script")),
    ("Geor", _("Georgian script")),
    ("Arab", _("Arabic script")),
    ("Grek", _("Greek script")),
    ("Hebr", _("Hebrew script")),
    ("Hani", _("Chinese characters (Han)")),
    ("Deva", _("Devanagari script")),
]
SCRIPT_CODES = {code for code, _label in SCRIPTS}

OBJECT_ID_FIELDS = [
    "object_type",
    "materials_techniques",
    "inscriptions_markings",
    "distinguishing_features",
    "title",
    "subject",
    "date_period",
    "maker",
    "inventory_number",
    "custodian",
    "current_place",
]
LONG_TEXT = {"description", "significance", "inscriptions_markings", "distinguishing_features"}


def language_label(tag: str) -> str:
    """'Armenian (hy)' for 'hy', 'Armenian (hy-Latn)' for 'hy-Latn': the language's name in
    the reader's language (Django's own catalog names them), then the tag."""
    info = LANG_INFO.get(tag.lower()) or LANG_INFO.get(tag.split("-")[0].lower())
    name = gettext(info["name"]) if info and "name" in info else ""
    if name and reader_lang() == "nb":
        name = name[0].lower() + name[1:]  # Norwegian writes a language's name in lower case
    return f"{name} ({tag})" if name else tag


def language_choices(current: Iterable[str] = ()) -> list[tuple[str, Any]]:
    """Every language Django names (plain ISO 639 codes), and any tag already on the record
    (a tag another door wrote, e.g. 'az-Latn', stays choosable), in the reader's order."""
    codes = {code for code, _name in global_settings.LANGUAGES if "-" not in code}
    codes |= {tag for tag in current if tag}
    labelled = sorted(((c, language_label(c)) for c in codes), key=lambda c: c[1].casefold())
    return [("", _("Choose a language"))] + labelled


def script_choices(current: Iterable[str] = ()) -> list[Any]:
    extra = [(c, c) for c in sorted(set(current) - SCRIPT_CODES) if c]
    return [("", _("Read it from the text")), *SCRIPTS, *extra]


def state_choices(states) -> list[tuple[str, str]]:
    lang = reader_lang()
    named = [(s.code, f"{s.name_in(lang)} ({s.code})") for s in states]
    return sorted(named, key=lambda c: c[1].casefold())


def _text(field: str, label, **kwargs) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 3}) if field in LONG_TEXT else forms.TextInput
    return forms.CharField(
        label=label, required=False, max_length=TEXT_FIELDS[field], widget=widget, **kwargs
    )


class PropertyForm(forms.Form):
    """The record's own fields. ``state`` only when creating (a record stays in its State's
    inventory); the States offered are those the user may add to."""

    state = forms.ChoiceField(label=_("Inventory of"))
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *CATEGORIES])
    external_id = forms.CharField(
        label=_("External identifier"),
        required=False,
        max_length=200,
        help_text=_("Optional: the number in a national inventory or another register."),
    )
    description = _text("description", _("Description"))
    significance = _text("significance", _("Significance"))
    lat = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    location_certainty = forms.ChoiceField(
        label=_("Certainty of the location"), choices=LOCATION_CERTAINTY, initial="exact"
    )
    boundary_file = forms.FileField(
        label=_("Boundary (a GeoJSON file)"),
        required=False,
        help_text=_("A Polygon or MultiPolygon, as a geometry, a Feature or a FeatureCollection."),
    )
    remove_boundary = forms.BooleanField(label=_("Remove the boundary"), required=False)
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"),
        choices=CONFIDENTIALITY,
        initial="public",
        widget=forms.RadioSelect,
    )
    object_type = _text("object_type", _("Type of object"))
    materials_techniques = _text("materials_techniques", _("Materials and techniques"))
    inscriptions_markings = _text("inscriptions_markings", _("Inscriptions and markings"))
    distinguishing_features = _text("distinguishing_features", _("Distinguishing features"))
    title = _text("title", _("Title"))
    subject = _text("subject", _("Subject"))
    date_period = _text("date_period", _("Date or period"))
    maker = _text("maker", _("Maker"))
    inventory_number = _text("inventory_number", _("Inventory number"))
    custodian = _text("custodian", _("Current custodian"))
    current_place = _text("current_place", _("Current place"))

    def __init__(self, *args, states=None, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing is not None:
            del self.fields["state"]
            if not editing.boundary:
                del self.fields["remove_boundary"]
        else:
            del self.fields["remove_boundary"]
            self.fields["state"].choices = state_choices(states or [])
            if len(self.fields["state"].choices) == 1:
                self.fields["state"].initial = self.fields["state"].choices[0][0]

    def clean_external_id(self):
        value = (self.cleaned_data.get("external_id") or "").strip()
        others = CulturalProperty.objects.filter(external_id=value)
        if self.editing is not None:
            others = others.exclude(pk=self.editing.pk)
        if value and others.exists():
            raise forms.ValidationError(
                _("%(v)s is already used by another record.") % {"v": value}
            )
        return value

    def clean_boundary_file(self):
        upload = self.cleaned_data.get("boundary_file")
        if not upload:
            return None
        if upload.size > BOUNDARY_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": BOUNDARY_MAX_BYTES >> 20}
            )
        try:
            data = json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise forms.ValidationError(_("The file is not JSON (GeoJSON).")) from None
        return geometry_of(data)

    def fields_of(self) -> dict:
        """The record's fields as the services take them."""
        data = self.cleaned_data
        out = {
            f: data.get(f) or ""
            for f in ["category", "description", "significance", *OBJECT_ID_FIELDS]
        }
        out["external_id"] = data.get("external_id") or None
        out.update(
            lat=data.get("lat"),
            lon=data.get("lon"),
            location_certainty=data["location_certainty"],
            confidentiality=data["confidentiality"],
        )
        if self.editing is None:
            out["state"] = data["state"]
        if data.get("boundary_file") is not None:
            out["boundary"] = data["boundary_file"]
        elif data.get("remove_boundary"):
            out["boundary"] = None
        elif self.editing is not None:
            out["boundary"] = self.editing.boundary
        return out


def geometry_of(data):
    """The geometry of a GeoJSON text: a geometry as it is; a Feature's; the only Feature's of
    a FeatureCollection. What it is then is checked as every door checks a boundary."""
    if isinstance(data, dict) and data.get("type") == "Feature":
        return data.get("geometry")
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise forms.ValidationError(
                _("The collection holds %(count)s features; give one polygon.")
                % {"count": len(features)}
            )
        return (features[0] or {}).get("geometry")
    return data


class NameForm(forms.Form):
    text = forms.CharField(label=_("Name"), max_length=300)
    lang = forms.ChoiceField(label=_("Language"))
    script = forms.ChoiceField(label=_("Script"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=NAME_KINDS, initial="official")
    source = forms.CharField(label=_("Source"), required=False, max_length=300)

    def __init__(self, *args, langs=(), scripts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lang"].choices = language_choices(langs)
        self.fields["script"].choices = script_choices(scripts)


class ClaimForm(forms.Form):
    state = forms.ChoiceField(label=_("State"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", "—"), *JURISDICTION_ROLES], required=True
    )
    valid_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    valid_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    basis = forms.CharField(label=_("Basis"), required=False, max_length=500)
    source = forms.CharField(label=_("Source"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "—"), *state_choices(State.objects.all())]

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end is before the start."))
        return data


class MeasurementForm(forms.Form):
    dimension = forms.CharField(
        label=_("Dimension"), max_length=100, help_text=_("e.g. height, width, weight")
    )
    value = forms.FloatField(
        label=_("Value"),
        min_value=0,
        max_value=1e9,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    unit = forms.ChoiceField(
        label=_("Unit"), choices=[("", "—"), *((u, u) for u in sorted(MEASUREMENT_UNITS))]
    )


class IdentifierForm(forms.Form):
    """One external identifier; its value is checked by its scheme in the services
    (``registry.identifiers``), whose message is shown beside it."""

    scheme = forms.ChoiceField(
        label=_("Issuing register"), choices=[("", "—"), *IDENTIFIER_SCHEMES]
    )
    value = forms.CharField(
        label=_("Identifier"),
        max_length=100,
        help_text=_("World Heritage List: 848 or 208bis; Wikidata: Q42."),
    )
    state = forms.ChoiceField(
        label=_("Issuing State"),
        required=False,
        help_text=_("Only for a national inventory's number."),
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "—"), *state_choices(State.objects.all())]


class RemovableFormSet(forms.BaseFormSet):
    """Rows a person may remove ("Remove this row"); blank extra rows are left out."""

    deletion_widget = forms.CheckboxInput

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row")

    def kept(self) -> list[forms.Form]:
        """The filled rows not marked for removal, in order: the list the record gets (an
        error the services name ``names[2]`` is this list's third row's)."""
        initial = self.initial_form_count()
        return [
            f
            for i, f in enumerate(self.forms)
            if (i < initial or f.has_changed())
            and not (
                self.can_delete and getattr(f, "cleaned_data", {}).get(DELETION_FIELD_NAME, False)
            )
        ]


def _rows_of(form: type[forms.Form]) -> type[RemovableFormSet]:
    made = forms.formset_factory(form, formset=RemovableFormSet, extra=0, can_delete=True)
    return cast(type[RemovableFormSet], made)


NameFormSet = _rows_of(NameForm)
ClaimFormSet = _rows_of(ClaimForm)
MeasurementFormSet = _rows_of(MeasurementForm)
IdentifierFormSet = _rows_of(IdentifierForm)


class PhotographForm(forms.Form):
    file = forms.FileField(
        label=_("Photograph"),
        help_text=_("An image file (JPEG, PNG, TIFF...). It is kept as evidence, with its hash."),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            from PIL import Image

            with Image.open(upload) as img:
                img.verify()
        except Exception:  # Pillow raises many kinds for what is not an image
            raise forms.ValidationError(_("The file is not an image.")) from None
        upload.seek(0)
        return upload


class ConfidentialityForm(forms.Form):
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"), choices=CONFIDENTIALITY, widget=forms.RadioSelect
    )


class DeleteForm(forms.Form):
    """Why a record is deleted: the reason goes into the audit log beside the act."""

    reason = forms.CharField(
        label=_("Why is the record deleted?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit log with the deletion."),
    )


class ProtectionEventForm(forms.Form):
    """One dated event of a property's special or enhanced protection, recorded from a source
    (the Committee's decisions record their own events)."""

    level = forms.ChoiceField(label=_("Level of protection"), choices=EVENT_LEVELS)
    action = forms.ChoiceField(label=_("What happened"), choices=EVENT_ACTIONS)
    effective_date = forms.DateField(
        label=_("Effective date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    basis = forms.CharField(
        label=_("Basis"),
        max_length=300,
        help_text=_("The article, decision or register entry it rests on."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
