"""The monitoring forms of the pages: what each field asks, in the reader's language.

A form checks only the shape of its input (a date is a date, a choice is one of the list);
every rule of the record is the services' (``services``, ``evidence``, ``custody``), the
same the API and the CLI go through. ``for_service`` gives the services the dict they read.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shield.accounts import roles
from shield.core.language import reader_lang
from shield.parties.models import State

from . import vocab

DISTURBANCE_ROWS = 3
THREAT_ROWS = 2
SOURCE_ROWS = 2


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date(label, required=False, help_text=""):
    return forms.DateField(label=label, required=required, widget=DateInput, help_text=help_text)


def _blank(choices, label="—"):
    return [("", label), *choices]


def state_choices(only=None) -> list[tuple[str, str]]:
    """States by their name in the reader's language, with their code."""
    lang = reader_lang()
    qs = State.objects.filter(historical=False)
    if only is not None:
        qs = qs.filter(pk=only.pk)
    rows = [(s.code, f"{s.name_in(lang)} ({s.code})") for s in qs]
    return sorted(rows, key=lambda r: r[1].casefold())


class ServiceForm(forms.Form):
    """A form whose cleaned values go to a service as ISO text."""

    def for_service(self) -> dict:
        out = {}
        for name, value in self.cleaned_data.items():
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            out[name] = value
        return out

    def place_for(self, field: str) -> str | None:
        """The form field a service's field name is shown beside (None: above the form)."""
        base = field.split(".")[0].split("[")[0]
        return base if base in self.fields else None


# ---- missions ------------------------------------------------------------------------------


class MissionForm(ServiceForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    mandate = forms.CharField(label=_("Mandate"), widget=forms.Textarea(attrs={"rows": 4}))
    requesting_body = forms.CharField(label=_("Requested by"), max_length=300)
    status = forms.ChoiceField(label=_("Status"), choices=vocab.MISSION_STATUSES)
    starts_on = _date(_("Starts on"))
    ends_on = _date(_("Ends on"))
    team = forms.CharField(
        label=_("Team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One person a line: name; role; organisation"),
    )
    areas = forms.CharField(
        label=_("Areas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One area a line"),
    )
    properties = forms.CharField(
        label=_("Property"),
        required=False,
        help_text=_("Property codes, separated by spaces or commas"),
    )

    def for_service(self) -> dict:
        data = super().for_service()
        team = []
        for line in data.get("team", "").splitlines():
            parts = [p.strip() for p in line.split(";")]
            if parts and parts[0]:
                parts += ["", ""]
                team.append({"name": parts[0], "role": parts[1], "organisation": parts[2]})
        data["team"] = team
        data["areas"] = [a.strip() for a in data.get("areas", "").splitlines() if a.strip()]
        data["properties"] = data.get("properties", "").replace(",", " ").split()
        return {k: v for k, v in data.items() if v not in (None, "")}


class MissionStatusForm(ServiceForm):
    status = forms.ChoiceField(label=_("Status"), choices=vocab.MISSION_STATUSES)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


class ConsentForm(ServiceForm):
    state = forms.ChoiceField(label=_("State"))
    status = forms.ChoiceField(label=_("Consent"), choices=vocab.CONSENT_STATUSES)
    requested_on = _date(_("Requested on"), required=True)
    answered_on = _date(
        _("Answered on"), help_text=_("Required once consent is granted or refused")
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        own = None if roles.is_staff_role(user) else roles.state_of(user)
        self.fields["state"].choices = _blank(state_choices(own))
        if own is not None:
            self.fields["state"].initial = own.code


class RefusalForm(ServiceForm):
    refused_by = forms.ChoiceField(label=_("Refused by (State)"), required=False)
    refused_by_label = forms.CharField(
        label=_("Refused by (when not a State)"),
        required=False,
        max_length=300,
        help_text=_("Who refused, e.g. a local commander"),
    )
    refused_on = _date(_("Refused on"), required=True)
    property = forms.CharField(label=_("Property (code)"), required=False, max_length=200)
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea({"rows": 3})
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["refused_by"].choices = _blank(state_choices())

    def place_for(self, field: str) -> str | None:
        return "refused_by" if field == "refused_by_label" else super().place_for(field)


# ---- assessments ---------------------------------------------------------------------------


class AssessmentForm(ServiceForm):
    property = forms.CharField(label=_("Property (code)"), max_length=200)
    mission = forms.ChoiceField(label=_("Mission"), required=False)
    assessed_on = _date(_("Assessed on"), required=True)
    method = forms.ChoiceField(
        label=_("Method"), choices=vocab.METHODS, widget=forms.RadioSelect, initial="field"
    )
    image_date = _date(
        _("Date of the image"), help_text=_("For a remote assessment: when the image was taken")
    )
    image_provider = forms.CharField(
        label=_("Image provider"),
        required=False,
        max_length=200,
        help_text=_("For a remote assessment: whose image (e.g. Maxar, Planet, Sentinel-2)"),
    )
    condition = forms.ChoiceField(label=_("Condition"), choices=_blank(vocab.CONDITIONS))
    damage_extent = forms.ChoiceField(
        label=_("Damage extent"), choices=vocab.DAMAGE_EXTENTS, initial="unknown"
    )
    priority = forms.ChoiceField(
        label=_("Priority for action"), choices=_blank(vocab.PRIORITIES), required=False
    )
    assessor = forms.CharField(
        label=_("Assessor"),
        required=False,
        max_length=200,
        help_text=_("Who assessed (you, when left empty)"),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 3}))
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("The image interpreted or a photograph: kept as evidence of this assessment"),
    )

    def __init__(self, *args, missions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].choices = _blank([(str(m.pk), m.title) for m in missions])
        for i in range(DISTURBANCE_ROWS):
            n = i + 1
            self.fields[f"dist_category_{i}"] = forms.ChoiceField(
                label=_("Disturbance %(n)s: category") % {"n": n},
                choices=_blank(vocab.DISTURBANCE_CATEGORIES),
                required=False,
            )
            self.fields[f"dist_cause_{i}"] = forms.ChoiceField(
                label=_("Disturbance %(n)s: cause") % {"n": n},
                choices=_blank(vocab.DISTURBANCE_CAUSES),
                required=False,
            )
            self.fields[f"dist_certainty_{i}"] = forms.ChoiceField(
                label=_("Disturbance %(n)s: certainty") % {"n": n},
                choices=_blank(vocab.CERTAINTIES),
                required=False,
            )
        for i in range(THREAT_ROWS):
            n = i + 1
            self.fields[f"threat_category_{i}"] = forms.ChoiceField(
                label=_("Threat %(n)s: category") % {"n": n},
                choices=_blank(vocab.DISTURBANCE_CATEGORIES),
                required=False,
            )
            self.fields[f"threat_probability_{i}"] = forms.ChoiceField(
                label=_("Threat %(n)s: probability") % {"n": n},
                choices=_blank(vocab.THREAT_PROBABILITIES),
                required=False,
            )

    def rows(self, prefix: str, count: int, keys: tuple[str, ...]):
        return [[self[f"{prefix}_{k}_{i}"] for k in keys] for i in range(count)]

    def disturbance_rows(self):
        return self.rows("dist", DISTURBANCE_ROWS, ("category", "cause", "certainty"))

    def threat_rows(self):
        return self.rows("threat", THREAT_ROWS, ("category", "probability"))

    def plain_fields(self):
        return [f for f in self if not f.name.startswith(("dist_", "threat_"))]

    def for_service(self) -> dict:
        data = {
            k: v
            for k, v in super().for_service().items()
            if not k.startswith(("dist_", "threat_")) and k not in ("image", "mission")
        }
        data["disturbances"] = [
            row for row in self._rows("dist", DISTURBANCE_ROWS, ("category", "cause", "certainty"))
        ]
        data["threats"] = self._rows("threat", THREAT_ROWS, ("category", "probability"))
        return {k: v for k, v in data.items() if v not in (None, "")}

    def _rows(self, prefix, count, keys) -> list[dict]:
        out = []
        for i in range(count):
            row = {k: self.cleaned_data.get(f"{prefix}_{k}_{i}") or "" for k in keys}
            if any(row.values()):
                out.append({k: v for k, v in row.items() if v})
        return out

    def place_for(self, field: str) -> str | None:
        for service_name, prefix in (("disturbances", "dist"), ("threats", "threat")):
            if field.startswith(service_name + "["):
                index = field[len(service_name) + 1 :].split("]")[0]
                key = field.rsplit(".", 1)[-1]
                name = f"{prefix}_{key}_{index}"
                return name if name in self.fields else None
        return super().place_for(field)


# ---- incidents -----------------------------------------------------------------------------


class IncidentForm(ServiceForm):
    property = forms.CharField(label=_("Property (code)"), max_length=200)
    reporter_kind = forms.ChoiceField(label=_("Who reports"), choices=vocab.REPORTER_KINDS)
    reporter_state = forms.ChoiceField(label=_("Reporting State"), required=False)
    reporter_name = forms.CharField(
        label=_("Reported by (name)"),
        required=False,
        max_length=300,
        help_text=_("The NGO, outlet or mission that reports"),
    )
    reported_on = _date(_("Reported on"), required=True)
    occurred_on = _date(_("Occurred on"))
    allegation = forms.ChoiceField(label=_("What is alleged"), choices=_blank(vocab.ALLEGATIONS))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea({"rows": 4})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import may_assess

        own = roles.state_of(user)
        party_only = roles.has_role(user, roles.PARTY_OFFICER) and not may_assess(user)
        self.fields["reporter_state"].choices = _blank(
            state_choices(own if party_only and own else None)
        )
        if party_only:
            # A party officer reports in its own State's name only: shown, not chosen.
            self.fields["reporter_kind"].initial = "party"
            self.fields["reporter_kind"].disabled = True
            self.fields["reporter_state"].initial = own.code if own else ""
            self.fields["reporter_state"].disabled = True
        for i in range(SOURCE_ROWS):
            n = i + 1
            self.fields[f"source_title_{i}"] = forms.CharField(
                label=_("Source %(n)s: title") % {"n": n}, required=False, max_length=500
            )
            self.fields[f"source_url_{i}"] = forms.URLField(
                label=_("Source %(n)s: web address") % {"n": n},
                required=False,
                max_length=1000,
                assume_scheme="https",
            )
            self.fields[f"source_date_{i}"] = _date(_("Source %(n)s: date") % {"n": n})
            self.fields[f"source_independent_{i}"] = forms.BooleanField(
                label=_("Source %(n)s is independent of the parties") % {"n": n}, required=False
            )

    def plain_fields(self):
        return [f for f in self if not f.name.startswith("source_")]

    def source_rows(self):
        keys = ("title", "url", "date", "independent")
        return [[self[f"source_{k}_{i}"] for k in keys] for i in range(SOURCE_ROWS)]

    def for_service(self) -> dict:
        data = {k: v for k, v in super().for_service().items() if not k.startswith("source_")}
        sources = []
        for i in range(SOURCE_ROWS):
            row = {k: self.cleaned_data.get(f"source_{k}_{i}") for k in ("title", "url", "date")}
            independent = bool(self.cleaned_data.get(f"source_independent_{i}"))
            if any(row.values()) or independent:
                sources.append(
                    {
                        "title": row["title"] or "",
                        "url": row["url"] or "",
                        "date": row["date"].isoformat() if row["date"] else "",
                        "independent": independent,
                    }
                )
        data["sources"] = sources
        return {k: v for k, v in data.items() if v not in (None, "")}

    def place_for(self, field: str) -> str | None:
        if field.startswith("sources["):
            index = field[len("sources[") :].split("]")[0]
            name = f"source_{field.rsplit('.', 1)[-1]}_{index}"
            return name if name in self.fields else None
        return super().place_for(field)


class IncidentStatusForm(ServiceForm):
    status = forms.ChoiceField(label=_("Status"), choices=vocab.INCIDENT_STATUSES)
    assessment = forms.ChoiceField(
        label=_("Assessment that verifies it"),
        required=False,
        help_text=_("Required to verify: an assessment of the same property"),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args, assessments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].choices = _blank(
            [
                (
                    str(a.pk),
                    f"{a.assessed_on.isoformat()} · {vocab.label(vocab.CONDITIONS, a.condition)} · {a.assessor}",
                )
                for a in assessments
            ]
        )


# ---- evidence ------------------------------------------------------------------------------


class EvidenceForm(ServiceForm):
    file = forms.FileField(
        label=_("File"), help_text=_("Kept as received; its type is read from its content")
    )
    property = forms.CharField(label=_("Property (code)"), required=False, max_length=200)
    incident = forms.CharField(widget=forms.HiddenInput, required=False)
    assessment = forms.CharField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea({"rows": 3})
    )
    source_url = forms.CharField(
        label=_("Source URL"),
        required=False,
        max_length=2000,
        help_text=_("Where it was found online, if it was"),
    )
    collector = forms.CharField(label=_("Collected by"), required=False, max_length=200)
    sha256 = forms.CharField(
        label=_("SHA-256 computed at capture"),
        required=False,
        max_length=200,
        help_text=_("Optional: the file is refused if it does not match"),
    )
    received_by = forms.CharField(
        label=_("Received from (as stated)"),
        required=False,
        max_length=200,
        help_text=_("Who handed it over; the handler recorded is you"),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))

    def links(self) -> dict:
        data = self.for_service()
        data.pop("file", None)
        return {k: v for k, v in data.items() if v}

    def place_for(self, field: str) -> str | None:
        return "file" if field == "filename" else super().place_for(field)


class CustodyForm(ServiceForm):
    action = forms.ChoiceField(label=_("What happened"), choices=vocab.CUSTODY_ACTIONS_STATED)
    to = forms.CharField(
        label=_("Transferred to"), required=False, max_length=200, help_text=_("For a transfer")
    )
    stated_by = forms.CharField(
        label=_("Who handled it (as stated)"),
        required=False,
        max_length=200,
        help_text=_("The handler recorded is you; say here who, if another did"),
    )
    stated_at = forms.DateTimeField(
        label=_("When it happened (as stated)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The time recorded is the server's; say here when, if earlier"),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))
