"""Django forms of the procedure's pages. A form checks only the shape of what is typed (a
date is a date, a required field is there); the rules are the services' (``services``,
``committee``), so a page and the API refuse the same things, cited by ``shield.treaty``.
``apply_failure`` puts a service's refusal beside the field it concerns."""

from __future__ import annotations

from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from shield.accounts import roles
from shield.core.language import reader_lang
from shield.registry.validation import RecordInvalid
from shield.treaty.refusals import Refused

from . import labels

# Messages of ``services`` and ``committee`` for a bad field (``FieldError``), in English as
# written there; marked here so the catalog gives them in Norwegian beside the field.
SERVICE_MESSAGES = (
    gettext_noop("is required"),
    gettext_noop("is before the request was submitted"),
    gettext_noop("is before the request was registered"),
    gettext_noop("is recommendation or invitation"),
    gettext_noop("is required: the Party the Committee invites"),
    gettext_noop("is required: who gives the advice"),
    gettext_noop("is a, b or c"),
    gettext_noop("is suspend or cancel"),
    gettext_noop("no such property"),
    gettext_noop("is one of yes, no, abstain"),
    gettext_noop("is before the session's date"),
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def act_date(label, required: bool = False) -> forms.DateField:
    """The date an act happened (never after today: the service refuses it by the act's name)."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        input_formats=["%Y-%m-%d"],
        initial=date.today,
    )


def state_field(label, user, required: bool = True) -> forms.ChoiceField:
    """A State by name and code; a Party's officer acts for its own State only."""
    mine = roles.state_of(user)
    if roles.is_staff_role(user) or mine is None:
        choices = labels.state_choices(reader_lang())
    else:
        choices = [(mine.code, labels.state_label(mine))]
    if not required:
        choices = [("", "—")] + choices
    return forms.ChoiceField(label=label, choices=choices, required=required)


class ListingForm(forms.Form):
    """Errors from the services are put beside their field (``apply_failure``)."""

    field_aliases: dict[str, str] = {}

    def apply_failure(self, exc) -> None:
        if isinstance(exc, Refused):
            for r in exc.all():
                self._add(r.field, r.message(reader_lang()))
        elif isinstance(exc, RecordInvalid):
            for e in exc.errors:
                self._add(e.field, gettext(e.message))
        else:
            self.add_error(None, str(exc))

    def _add(self, field: str | None, message: str) -> None:
        name: str | None = (field or "").split(".")[0].split("[")[0]
        name = self.field_aliases.get(name or "", name)
        if name not in self.fields:
            name = None
        if name is not None and name in self.errors and message in self.errors[name]:
            return
        self.add_error(name, message)


class TentativeForm(ListingForm):
    """A Party lists property it intends to request enhanced protection for
    (``enhanced.tentative_list``)."""

    property = forms.CharField(label=_("Property code"), max_length=64)
    state = forms.ChoiceField(label=_("Party"))
    submitted_on = act_date(_("Submitted on"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"] = state_field(_("Party"), user)


class InitiativeForm(ListingForm):
    """A recommendation by a Party, the ICBS or an NGO (``enhanced.recommendation``); the
    Committee's invitation to a Party to request (``enhanced.request``), which the Secretariat
    records. A Party's officer recommends in its own State's name only."""

    kind = forms.ChoiceField(label=_("Kind"))
    property = forms.CharField(label=_("Property code"), max_length=64)
    by_state = forms.ChoiceField(label=_("Recommended by (a Party)"), required=False)
    by_organisation = forms.CharField(
        label=_("or by an organisation (the ICBS or an NGO)"), required=False, max_length=200
    )
    invited_state = forms.ChoiceField(label=_("Party invited to request"), required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    dated = act_date(_("Dated"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = roles.is_staff_role(user)
        kinds = ["recommendation", "invitation"] if staff else ["recommendation"]
        self.fields["kind"].choices = [(k, labels.word("initiative", k)) for k in kinds]
        self.fields["by_state"] = state_field(
            _("Recommended by (a Party)"), user, required=not staff
        )
        if staff:
            self.fields["invited_state"].choices = [("", "—")] + labels.state_choices()
        else:
            del self.fields["by_organisation"]
            del self.fields["invited_state"]


class RequestForm(ListingForm):
    """A Party's request for enhanced protection (``enhanced.request``), with its evidence for
    each criterion (``enhanced.criteria``). The fields keep their names as ids (``auto_id``), so
    each refusal of the treaty lands beside its field. A Party's officer requests in its own
    State's name only; the Parties to a conflict are chosen by name."""

    property = forms.CharField(label=_("Property code"), max_length=64)
    state = forms.ChoiceField(label=_("Requesting Party"))
    submitted_on = act_date(_("Submitted on"), required=True)
    evidence_a = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence_b = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence_c = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    declaration = forms.BooleanField(required=False)
    assistance_ref = forms.CharField(required=False, max_length=200)
    emergency = forms.BooleanField(required=False)
    conflict_parties = forms.MultipleChoiceField(
        label=_("Parties to the conflict"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, user, criteria: dict[str, str], *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["state"] = state_field(_("Requesting Party"), user)
        cast(
            forms.MultipleChoiceField, self.fields["conflict_parties"]
        ).choices = labels.state_choices()
        for c in ("a", "b", "c"):
            self.fields[f"evidence_{c}"].label = criteria[c]

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            **{k: d.get(k) or "" for k in ("property", "state", "evidence_a", "evidence_b")},
            "evidence_c": d.get("evidence_c") or "",
            "assistance_ref": d.get("assistance_ref") or "",
            "submitted_on": d["submitted_on"].isoformat() if d.get("submitted_on") else "",
            "declaration": bool(d.get("declaration")),
            "emergency": bool(d.get("emergency")),
            "conflict_parties": list(d.get("conflict_parties") or []),
        }


class ActDateForm(ListingForm):
    """The date of a registration, notification or withdrawal."""

    field_aliases = {"registered_on": "on", "notified_on": "on", "withdrawn_on": "on"}
    on = act_date(_("Date of the act"))
