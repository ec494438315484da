"""The forms of the pages: each checks only the shape of its input; every rule is the
services' (the same the API and the CLI go through)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shield.core.errors import NotAllowed, RecordInvalid
from shield.core.language import reader_lang
from shield.parties.models import State
from shield.treaty.refusals import Refused

from . import money
from .institution_models import MEASURE_CHOICES, MEETING_KINDS
from .models import ASSISTANCE_KINDS, CHANNELS, PURPOSE_CHOICES, SOURCE_CHOICES, FundDecision

CURRENCY_CHOICES = [(c, c) for c in money.CURRENCIES]
VOTE_CHOICES = [("", "—"), ("yes", _("yes")), ("no", _("no")), ("abstain", _("abstain"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date(label, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput)


def _text(label, required=True, long=False, max_length=300):
    widget = forms.Textarea(attrs={"rows": 3}) if long else None
    return forms.CharField(label=label, required=required, widget=widget, max_length=max_length)


def _amount(label=_("Amount"), required=True):
    return forms.DecimalField(label=label, required=required, min_value=0, decimal_places=4)


def state_choices(blank: bool = False) -> list[tuple[str, str]]:
    lang = reader_lang()
    rows = sorted(
        ((s.code, f"{s.name_in(lang)} ({s.code})") for s in State.objects.filter(historical=False)),
        key=lambda r: r[1].casefold(),
    )
    return [("", "—"), *rows] if blank else rows


def purpose_choices() -> list[tuple[str, str]]:
    return [
        (d.ref, f"{d.ref}: {d.title}")
        for d in FundDecision.objects.filter(carried=True, motion__in=("programme", "grant"))
    ]


class ServiceForm(forms.Form):
    def for_service(self) -> dict:
        out = {}
        for name, value in self.cleaned_data.items():
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            elif value is not None and not isinstance(value, (str, bool, list)):
                value = str(value)
            if value not in (None, ""):
                out[name] = value
        return out

    def place_for(self, field: str) -> str | None:
        base = re.split(r"[\[.]", field, maxsplit=1)[0]
        return base if base in self.fields else None


class ContributionForm(ServiceForm):
    source = forms.ChoiceField(label=_("Source"), choices=SOURCE_CHOICES)
    contributor_state = forms.ChoiceField(label=_("Contributing State"), choices=(), required=False)
    contributor = _text(_("Contributor"), required=False)
    amount = _amount()
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="EUR")
    on = _date(_("Received on"))
    earmark = forms.ChoiceField(label=_("Earmarked for"), choices=(), required=False)
    reference = _text(_("Reference"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributor_state"].choices = state_choices(blank=True)
        earmark = self.fields["earmark"]
        assert isinstance(earmark, forms.ChoiceField)
        earmark.choices = [
            ("", "—"),
            *((r, t) for r, t in purpose_choices() if r in _programmes()),
        ]


def _programmes() -> set[str]:
    return set(
        FundDecision.objects.filter(carried=True, motion="programme").values_list("ref", flat=True)
    )


class MovementForm(ServiceForm):
    """An allocation, a disbursement or a release, under a decided purpose."""

    purpose = forms.ChoiceField(label=_("Purpose decided by the Committee"), choices=())
    amount = _amount()
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="EUR")
    on = _date(_("Date"))
    recipient = _text(_("Recipient"), required=False)
    from_pool = forms.ChoiceField(
        label=_("From"),
        choices=[("free", _("free resources")), ("earmark", _("earmarked contributions"))],
        required=False,
    )
    reference = _text(_("Reference"), required=False)

    def __init__(self, *args, kind: str = "allocation", **kwargs):
        super().__init__(*args, **kwargs)
        purpose = self.fields["purpose"]
        assert isinstance(purpose, forms.ChoiceField)
        purpose.choices = [("", "—"), *purpose_choices()]
        if kind != "disbursement":
            del self.fields["recipient"]
        if kind != "allocation":
            del self.fields["from_pool"]


class ConversionForm(ServiceForm):
    amount = _amount()
    currency = forms.ChoiceField(label=_("From currency"), choices=CURRENCY_CHOICES)
    to_amount = _amount(_("Amount received"))
    to_currency = forms.ChoiceField(label=_("Into currency"), choices=CURRENCY_CHOICES)
    on = _date(_("Date"))
    reference = _text(_("Reference"), required=False)


class VotesForm(ServiceForm):
    def add_votes(self, members: list[str]) -> None:
        for code in members:
            self.fields[f"vote_{code}"] = forms.ChoiceField(
                label=_("Vote of %(member)s") % {"member": code},
                choices=VOTE_CHOICES,
                required=False,
            )

    def votes(self) -> dict[str, str]:
        return {
            k.removeprefix("vote_"): v
            for k, v in self.cleaned_data.items()
            if k.startswith("vote_") and v
        }


class ProgrammeForm(VotesForm):
    session = forms.ChoiceField(label=_("Session"), choices=())
    title = _text(_("Programme or project"))
    purpose_clause = forms.ChoiceField(label=_("Purpose"), choices=PURPOSE_CHOICES)
    amount = _amount(required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="EUR")

    def __init__(self, *args, sessions=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [(s.ref, s.ref) for s in sessions]
        self.add_votes(list(members))


class DecisionForm(VotesForm):
    motion = forms.ChoiceField(
        label=_("Motion"),
        choices=[
            ("grant", _("grant assistance")),
            ("refuse", _("refuse assistance")),
            ("defer", _("defer")),
        ],
    )
    purpose_clause = forms.ChoiceField(label=_("Purpose"), choices=PURPOSE_CHOICES, required=False)
    amount = _amount(_("Amount granted"), required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="EUR")

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_votes(list(members))


class RequestForm(ServiceForm):
    state = forms.ChoiceField(label=_("Requesting State"), choices=())
    channel = forms.ChoiceField(label=_("Asked of"), choices=CHANNELS)
    kind = forms.ChoiceField(label=_("Kind of assistance"), choices=ASSISTANCE_KINDS)
    title = _text(_("Title"))
    description = _text(_("Description"), long=True, max_length=10000)
    amount = _amount(_("Amount requested"), required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="EUR")
    property = _text(_("Property code"), required=False)
    listing_request = _text(_("Request for enhanced protection"), required=False)
    conflict_parties = _text(_("Parties to the conflict"), required=False)
    submitted_on = _date(_("Submitted on"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from shield.accounts import roles

        choices = state_choices()
        own = roles.state_of(user)
        if own is not None and not roles.is_staff_role(user):
            choices = [c for c in choices if c[0] == own.code]
        self.fields["state"].choices = choices
        self.fields["conflict_parties"].help_text = _("Codes, separated by commas")

    def for_service(self) -> dict:
        out = super().for_service()
        out["conflict_parties"] = [
            c.strip() for c in out.get("conflict_parties", "").split(",") if c.strip()
        ]
        return out


class AgendaForm(ServiceForm):
    session = forms.ChoiceField(label=_("Session"), choices=())
    assessment = _text(_("Assessment"), required=False, long=True, max_length=10000)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [(s.ref, s.ref) for s in sessions]


class PayForm(ServiceForm):
    amount = _amount()
    on = _date(_("Paid on"))
    reference = _text(_("Reference"), required=False)


class UseForm(ServiceForm):
    reported_on = _date(_("Reported on"))
    amount_used = _amount(_("Amount used"), required=False)
    text = _text(_("How the assistance was used"), long=True, max_length=10000)


class UnescoForm(ServiceForm):
    accorded = forms.ChoiceField(
        label=_("Answer"), choices=[("yes", _("accorded")), ("no", _("declined"))]
    )
    responded_on = _date(_("Answered on"))
    text = _text(_("Answer"), long=True, max_length=10000, required=False)


class CycleForm(ServiceForm):
    ref = _text(_("Reference"), max_length=40)
    title = _text(_("Title"))
    period_from = _date(_("Period from"))
    period_to = _date(_("Period to"))
    due_on = _date(_("Reports due on"))
    covers = forms.MultipleChoiceField(
        label=_("Covers"),
        choices=[
            ("convention", _("the Convention")),
            ("first_protocol", _("the First Protocol")),
            ("protocol", _("the Second Protocol")),
        ],
        widget=forms.CheckboxSelectMultiple,
        initial=["protocol"],
    )


class ReportForm(ServiceForm):
    state = forms.ChoiceField(label=_("State"), choices=())
    submitted_on = _date(_("Submitted on"))
    document = _text(_("Document"), required=False)
    languages = _text(_("Languages"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from shield.accounts import roles

        choices = state_choices()
        own = roles.state_of(user)
        if own is not None and not roles.is_staff_role(user):
            choices = [c for c in choices if c[0] == own.code]
        self.fields["state"].choices = choices
        self.fields["languages"].help_text = _("Codes, separated by commas")

    def for_service(self) -> dict:
        out = super().for_service()
        out["languages"] = [c.strip() for c in out.get("languages", "").split(",") if c.strip()]
        return out


class CommentForm(ServiceForm):
    commented_on = _date(_("Date"))
    text = _text(_("Comment"), long=True, max_length=10000)
    clarification = forms.BooleanField(label=_("A request for clarification"), required=False)


class PublishForm(ServiceForm):
    published_on = _date(_("Published on"))


class TranslationForm(ServiceForm):
    state = forms.ChoiceField(label=_("State"), choices=())
    language = _text(_("Language (code)"), max_length=12)
    communicated_on = _date(_("Communicated on"))
    title = _text(_("Title"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = state_choices()


class MeetingForm(ServiceForm):
    ref = _text(_("Reference"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=MEETING_KINDS)
    held_on = _date(_("Held on"))
    general_conference = _text(_("General Conference session"), required=False, max_length=120)
    requested_by = _text(_("Requested by"), required=False)
    requested_on = _date(_("Requested on"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_by"].help_text = _("Codes, separated by commas")

    def for_service(self) -> dict:
        out = super().for_service()
        out["requested_by"] = [
            c.strip() for c in out.get("requested_by", "").split(",") if c.strip()
        ]
        return out


class ElectionForm(ServiceForm):
    elected = _text(_("States elected"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elected"].help_text = _("Codes, separated by commas")

    def for_service(self) -> dict:
        return {
            "elected": [c.strip() for c in self.cleaned_data["elected"].split(",") if c.strip()]
        }


class GuidelinesForm(ServiceForm):
    title = _text(_("Guidelines"))
    version = _text(_("Version"), required=False, max_length=40)


class SupervisionForm(ServiceForm):
    period_from = _date(_("Period from"))
    period_to = _date(_("Period to"))
    note = _text(_("Note"), required=False, long=True, max_length=5000)


class CommitteeReportForm(ServiceForm):
    title = _text(_("Title"))
    adopted_on = _date(_("Adopted on"))
    text = _text(_("Summary"), required=False, long=True, max_length=20000)


class MeasureForm(ServiceForm):
    state = forms.ChoiceField(label=_("State"), choices=())
    year = forms.IntegerField(label=_("Year"), min_value=1999, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind of measure"), choices=MEASURE_CHOICES)
    title = _text(_("Title"))
    description = _text(_("Description"), required=False, long=True, max_length=5000)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from shield.accounts import roles

        choices = state_choices()
        own = roles.state_of(user)
        if own is not None and not roles.is_staff_role(user):
            choices = [c for c in choices if c[0] == own.code]
        self.fields["state"].choices = choices


# ---- the services' refusals, in the reader's language ----------------------------------------

_RULES: list[tuple[re.Pattern, object]] = [
    (re.compile(r"is required.*"), lambda m: gettext("This field is required.")),
    (re.compile(r".* is not a date.*"), lambda m: gettext("Enter a valid date.")),
    (re.compile(r".* is after today"), lambda m: gettext("This date is after today.")),
    (re.compile(r".* is not an amount.*"), lambda m: gettext("Enter an amount above zero.")),
    (
        re.compile(r".* decimal places .*"),
        lambda m: gettext("Too many decimal places for the currency."),
    ),
    (
        re.compile(r".* is more than the .* in .*"),
        lambda m: gettext("More than the Fund holds for this."),
    ),
]


def localise(message: str) -> str:
    for pattern, say in _RULES:
        if pattern.fullmatch(message):
            return say(pattern.fullmatch(message))  # type: ignore[operator]
    return message


def show_refusal(form, exc) -> None:
    lang = reader_lang()
    if isinstance(exc, Refused):
        for r in exc.all():
            form.add_error(form.place_for(r.field), r.message(lang))
        return
    if isinstance(exc, RecordInvalid):
        for e in exc.errors:
            message = e.refused.message(lang) if e.refused is not None else localise(e.message)
            place = form.place_for(e.field)
            form.add_error(place, message if place else f"{e.field}: {message}")
        return
    if isinstance(exc, NotAllowed):
        form.add_error(None, gettext("Your role does not allow this."))
