"""The provenance forms of the pages. A form checks only the shape of its input; every rule is
the services', the same the API and the CLI go through."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shield.core.errors import NotAllowed, RecordInvalid
from shield.core.language import reader_lang
from shield.parties.models import State
from shield.treaty.refusals import Refused

from . import vocab


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date(label, required=False, help_text=""):
    return forms.DateField(label=label, required=required, widget=DateInput, help_text=help_text)


def _text(label, required=False, help_text="", long=False):
    widget = forms.Textarea(attrs={"rows": 3}) if long else None
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=widget, max_length=5000
    )


def _blank(choices):
    return [("", "—"), *choices]


def state_choices() -> list[tuple[str, str]]:
    lang = reader_lang()
    rows = [
        (s.code, f"{s.name_in(lang)} ({s.code})") for s in State.objects.filter(historical=False)
    ]
    return sorted(rows, key=lambda r: r[1].casefold())


MEASUREMENTS_HELP = _("For example: height 32 cm; width 24.5 cm (mm, cm, m, in, g, kg)")


class ServiceForm(forms.Form):
    def for_service(self) -> dict:
        out = {}
        for name, value in self.cleaned_data.items():
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            if value not in (None, ""):
                out[name] = value
        return out

    def place_for(self, field: str) -> str | None:
        base = re.split(r"[\[.]", field, maxsplit=1)[0]
        return base if base in self.fields else None


class ObjectIdFields(ServiceForm):
    object_type = _text(_("Object type"), help_text=_("For example: icon, manuscript, coin"))
    title = _text(_("Title"))
    maker = _text(_("Maker"))
    date_period = _text(_("Date or period"), help_text=_("For example: c. 1750, 18th century"))
    materials_techniques = _text(_("Materials and techniques"))
    measurements = _text(_("Measurements"), help_text=MEASUREMENTS_HELP)
    inscriptions_markings = _text(_("Inscriptions and markings"), long=True)
    distinguishing_features = _text(_("Distinguishing features"), long=True)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotographsField(forms.FileField):
    """Several photographs (or none); each read and checked by the service."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(PhotographsField, self).clean(d, initial) for d in items if d]


class CheckForm(ObjectIdFields):
    photographs = PhotographsField(
        label=_("Photographs"),
        help_text=_(
            "Optional, up to five (JPEG, PNG, WebP, TIFF or GIF). Only their hashes are kept, "
            "in the certificate."
        ),
    )

    def for_service(self) -> dict:
        out = super().for_service()
        out.pop("photographs", None)
        return out


class PhotoForm(ServiceForm):
    photograph = forms.FileField(
        label=_("Photograph"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=_("JPEG, PNG, WebP, TIFF or GIF, at most 25 MiB"),
    )
    caption = _text(_("Caption"))


class UpheavalForm(ServiceForm):
    state = forms.ChoiceField(label=_("State"), choices=())
    place = _text(_("Place"), help_text=_("Leave empty for the whole State"))
    kind = forms.ChoiceField(label=_("Kind"), choices=vocab.UPHEAVAL_KINDS)
    name = _text(_("Name"), required=True)
    began_on = _date(_("Began on"), required=True)
    ended_on = _date(_("Ended on"), help_text=_("Leave empty while it lasts"))
    source = _text(_("Source"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = state_choices()


class ReportForm(ObjectIdFields):
    subject = _text(_("Subject"))
    reporting_state = forms.ChoiceField(label=_("Reporting State"), choices=())
    lost_from = _date(_("Lost on or after"))
    lost_to = _date(_("Lost on or before"))
    lost_place = _text(_("Place of loss"))
    circumstances = forms.ChoiceField(label=_("Circumstances"), choices=vocab.CIRCUMSTANCES)
    red_list_category = forms.ChoiceField(
        label=_("ICOM Red List category"), choices=_blank(vocab.RED_LIST_CATEGORIES), required=False
    )
    police_reference = _text(_("Police reference"))
    police_notes = _text(_("Police notes"), long=True)
    interpol_reference = _text(_("INTERPOL reference"))
    property = _text(_("Inventory property code"), help_text=_("If the object is in the inventory"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from shield.accounts import roles

        choices = state_choices()
        own = roles.state_of(user)
        if own is not None and not roles.is_staff_role(user):
            choices = [c for c in choices if c[0] == own.code]
        self.fields["reporting_state"].choices = choices


class StatusForm(ServiceForm):
    status = forms.ChoiceField(label=_("Status"), choices=vocab.STATUSES)
    note = _text(_("Note"), long=True)


class TracedForm(ServiceForm):
    title = _text(_("Title"))
    object_type = _text(_("Object type"))
    date_period = _text(_("Date or period"))
    materials_techniques = _text(_("Materials and techniques"))
    origin_state = forms.ChoiceField(label=_("State of origin"), choices=(), required=False)
    origin_place = _text(_("Place of origin"))
    holder = _text(_("Current holder"))
    listing_url = _text(_("Market listing (address)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin_state"].choices = _blank(state_choices())


class EventForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Event"), choices=vocab.EVENT_KINDS)
    on = _text(
        _("Date"),
        help_text=_("A day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY); or a range below"),
    )
    on_from = _date(_("From"))
    on_to = _date(_("To"))
    place = _text(_("Place"))
    parties = _text(_("Parties"), help_text=_("From whom, to whom"))
    documents = _text(_("Documents"), help_text=_("Titles, separated by semicolons"))
    note = _text(_("Note"), long=True)


class ExportForm(ObjectIdFields):
    issuing_authority = _text(_("Issuing authority"), required=True)
    issued_on = _date(_("Issued on"))
    valid_until = _date(_("Valid until"), required=True)
    export_type = forms.ChoiceField(label=_("Type of export"), choices=vocab.EXPORT_TYPES)
    return_by = _date(_("To be returned by"), help_text=_("For a temporary export"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=vocab.EXPORT_PURPOSES)
    exporter_name = _text(_("Exporter"), required=True)
    exporter_address = _text(_("Exporter's address"), required=True)
    consignee_name = _text(_("Consignee"), required=True)
    consignee_address = _text(_("Consignee's address"), required=True)
    destination_state = forms.ChoiceField(label=_("Country of destination"), choices=())
    quantity = forms.IntegerField(
        label=_("Number of objects"), min_value=1, initial=1, required=False
    )
    value = forms.DecimalField(label=_("Value"), required=False, min_value=0)
    currency = _text(_("Currency"), help_text=_("ISO 4217, e.g. EUR"))
    traced = _text(
        _("Provenance record"), help_text=_("Its code, if the provenance is traced here")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_state"].choices = state_choices()

    def for_service(self) -> dict:
        out = super().for_service()
        if "value" in out:
            out["value"] = str(out["value"])
        return out


class CaseForm(ServiceForm):
    title = _text(_("Title"), required=True)
    claimant = forms.ChoiceField(label=_("Claimant State"), choices=())
    holder = _text(_("Holder"), required=True, help_text=_("The State, museum or person holding"))
    holder_state = forms.ChoiceField(label=_("State of the holder"), choices=(), required=False)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=vocab.LEGAL_BASES)
    opened_on = _date(_("Request made on"))
    entries = _text(_("Register entries"), help_text=_("Numbers, separated by commas"))
    traced = _text(_("Provenance records"), help_text=_("Codes, separated by commas"))
    note = _text(_("Note"), long=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claimant"].choices = state_choices()
        self.fields["holder_state"].choices = _blank(state_choices())


class StepForm(ServiceForm):
    step = forms.ChoiceField(label=_("Step"), choices=vocab.CASE_STEPS)
    on = _date(_("Date"), required=True)
    documents = _text(_("Documents"), help_text=_("Titles, separated by semicolons"))
    note = _text(_("Note"), long=True)


class PositionForm(ServiceForm):
    side = forms.ChoiceField(label=_("Side"), choices=vocab.PARTY_SIDES)
    party = _text(_("Party"), required=True)
    stated_on = _date(_("Stated on"), required=True)
    statement = _text(_("Position, as the party states it"), required=True, long=True)
    source = _text(_("Source"))


# ---- the services' refusals, in the reader's language ---------------------------------------

_RULES: list[tuple[re.Pattern, object]] = [
    (re.compile(r"is required \(an ISO date, YYYY-MM-DD\)"), lambda m: gettext("Enter a date.")),
    (re.compile(r"is required.*"), lambda m: gettext("This field is required.")),
    (re.compile(r".* is not an ISO date \(YYYY-MM-DD\)"), lambda m: gettext("Enter a valid date.")),
    (re.compile(r"is after today.*"), lambda m: gettext("This date is after today.")),
    (re.compile(r"is before .*"), lambda m: gettext("This date is before the one it follows.")),
    (
        re.compile(r"'(.*)' is not a measurement.*"),
        lambda m: (
            gettext("“%(text)s” is not a measurement (write it as “height 32 cm”).")
            % {"text": m[1]}
        ),
    ),
    (
        re.compile(r"'(.*)' is not one of (.*)"),
        lambda m: gettext("“%(value)s” is not one of: %(known)s.") % {"value": m[1], "known": m[2]},
    ),
    (
        re.compile(r"describe the object.*|.*: describe the object"),
        lambda m: gettext("Describe the object: at least its type, title or inscriptions."),
    ),
    (
        re.compile(r"cannot go from (\w+) to (\w+).*"),
        lambda m: (
            gettext("The status cannot go from “%(old)s” to “%(new)s”.")
            % {"old": vocab.label(vocab.STATUSES, m[1]), "new": vocab.label(vocab.STATUSES, m[2])}
        ),
    ),
    (
        re.compile(r"(\w+) cannot follow (\w+).*"),
        lambda m: (
            gettext("“%(step)s” cannot follow “%(last)s”.")
            % {
                "step": vocab.label(vocab.CASE_STEPS, m[1]),
                "last": vocab.label(vocab.CASE_STEPS, m[2]),
            }
        ),
    ),
    (re.compile(r"a return follows a decision"), lambda m: gettext("A return follows a decision.")),
    (
        re.compile(r"(.*) is empty"),
        lambda m: gettext("%(name)s is empty.") % {"name": m[1]},
    ),
    (
        re.compile(r"(.*) is larger than the limit of (\d+) bytes"),
        lambda m: (
            gettext("%(name)s is larger than the limit of %(limit)s bytes.")
            % {"name": m[1], "limit": m[2]}
        ),
    ),
    (
        re.compile(r"(.*) is not an image \(JPEG, PNG, WebP, TIFF or GIF\)"),
        lambda m: (
            gettext("%(name)s is not an image (JPEG, PNG, WebP, TIFF or GIF).") % {"name": m[1]}
        ),
    ),
    (
        re.compile(r"at most (\d+) photographs per check \((\d+) given\)"),
        lambda m: (
            gettext("At most %(limit)s photographs per check (%(n)s given).")
            % {"limit": m[1], "n": m[2]}
        ),
    ),
    (
        re.compile(r"no register entry '(.*)'"),
        lambda m: gettext("No register entry “%(ref)s”.") % {"ref": m[1]},
    ),
    (
        re.compile(r"no property '(.*)' in the inventory"),
        lambda m: gettext("No property “%(ref)s” in the inventory.") % {"ref": m[1]},
    ),
]


def localise(message: str) -> str:
    for pattern, say in _RULES:
        m = pattern.fullmatch(message)
        if m:
            return say(m)  # type: ignore[operator]
    return message


def show_refusal(form, exc) -> None:
    lang = reader_lang()
    if isinstance(exc, Refused):
        for r in exc.all():
            place = form.place_for(r.field) if hasattr(form, "place_for") else None
            form.add_error(place, r.message(lang))
        return
    if isinstance(exc, RecordInvalid):
        for e in exc.errors:
            message = e.refused.message(lang) if e.refused is not None else localise(e.message)
            place = form.place_for(e.field)
            form.add_error(place, message if place else f"{e.field}: {message}")
        return
    if isinstance(exc, NotAllowed):
        form.add_error(None, gettext("Your role does not allow this."))
