"""The services' refusals in the reader's language, beside the field they name.

The services word their errors once, in English, for every door (the API's JSON, the CLI).
A page shows them in the reader's language: each message the monitoring services write is
matched here and rewritten through gettext; one not matched is shown as written.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import vocab

# Field names as the services write them, in the reader's words (for messages that name
# another field, and errors shown above a form).
FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "mandate": gettext_lazy("Mandate"),
    "requesting_body": gettext_lazy("Requested by"),
    "status": gettext_lazy("Status"),
    "starts_on": gettext_lazy("Starts on"),
    "ends_on": gettext_lazy("Ends on"),
    "state": gettext_lazy("State"),
    "requested_on": gettext_lazy("Requested on"),
    "answered_on": gettext_lazy("Answered on"),
    "refused_by": gettext_lazy("Refused by (State)"),
    "refused_on": gettext_lazy("Refused on"),
    "property": gettext_lazy("Property"),
    "assessed_on": gettext_lazy("Assessed on"),
    "reported_on": gettext_lazy("Reported on"),
    "occurred_on": gettext_lazy("Occurred on"),
    "image_date": gettext_lazy("Date of the image"),
    "image_provider": gettext_lazy("Image provider"),
    "assessor": gettext_lazy("Assessor"),
    "reporter_state": gettext_lazy("Reporting State"),
    "reporter_name": gettext_lazy("Reported by (name)"),
    "assessment": gettext_lazy("Assessment"),
    "incident": gettext_lazy("Incident"),
    "file": gettext_lazy("File"),
    "filename": gettext_lazy("File"),
    "sha256": gettext_lazy("SHA-256 computed at capture"),
    "source_url": gettext_lazy("Source URL"),
    "to": gettext_lazy("Transferred to"),
    "stated_at": gettext_lazy("When it happened (as stated)"),
    "external_id": gettext_lazy("External id"),
}

_VOCABS = (
    vocab.CONDITIONS,
    vocab.METHODS,
    vocab.MISSION_STATUSES,
    vocab.CONSENT_STATUSES,
    vocab.REPORTER_KINDS,
    vocab.ALLEGATIONS,
    vocab.INCIDENT_STATUSES,
    vocab.CUSTODY_ACTIONS,
)


def field_label(field: str) -> str:
    return str(FIELD_LABELS.get(field, field))


def _code_label(code: str) -> str:
    for v in _VOCABS:
        if code in dict(v):
            return vocab.label(v, code)
    return code


def _size(limit: str) -> str:
    return f"{int(limit) / 1048576:.1f}"


# (pattern, how to say it): the pattern matches the whole English message.
_RULES: list[tuple[re.Pattern, object]] = [
    (re.compile(r"is required \(an ISO date, YYYY-MM-DD\)"), lambda m: _("Enter a date.")),
    (re.compile(r"is required \(one of .*\)"), lambda m: _("Choose one.")),
    (
        re.compile(r"is required \(a State code or name, e\.g\. ARM or Armenia\)"),
        lambda m: _("Choose a State."),
    ),
    (
        re.compile(r"is required \(a property code, external id or id\)"),
        lambda m: _("Enter the property's code."),
    ),
    (
        re.compile(r"is required for a remote assessment \(the date of the image interpreted\)"),
        lambda m: _("A remote assessment needs the date of the image interpreted."),
    ),
    (
        re.compile(r"is required for a remote assessment"),
        lambda m: _("A remote assessment needs the image's provider."),
    ),
    (
        re.compile(r"is required when consent is (\w+)"),
        lambda m: (
            _("Enter the date of the answer when consent is %(status)s.")
            % {"status": _code_label(m[1]).lower()}
        ),
    ),
    (
        re.compile(r"is required when a Party reports"),
        lambda m: _("Choose the State that reports."),
    ),
    (
        re.compile(r"is required when (\w+) reports"),
        lambda m: _("Name who reports (%(kind)s).") % {"kind": _code_label(m[1])},
    ),
    (
        re.compile(r"is required: the State \(or refused_by_label: who\) that refused"),
        lambda m: _("Choose the State that refused access, or name who refused it."),
    ),
    (
        re.compile(r"is required to verify: the assessment that verifies the report"),
        lambda m: _("Choose the assessment that verifies the report."),
    ),
    (
        re.compile(r"is required for a transfer: to whom"),
        lambda m: _("A transfer needs the one it was transferred to."),
    ),
    (re.compile(r"is required"), lambda m: _("This field is required.")),
    (
        re.compile(r"is longer than (\d+) characters"),
        lambda m: _("Longer than %(n)s characters.") % {"n": m[1]},
    ),
    (
        re.compile(r"'(.*)' is not an ISO date \(YYYY-MM-DD\)"),
        lambda m: _("“%(value)s” is not a date.") % {"value": m[1]},
    ),
    (
        re.compile(r"'(.*)' is not an ISO date-time"),
        lambda m: _("“%(value)s” is not a date and time.") % {"value": m[1]},
    ),
    (
        re.compile(r"'(.*)' is not one of .*"),
        lambda m: _("“%(value)s” is not one of the choices.") % {"value": m[1]},
    ),
    (
        re.compile(r"is (before|after) (\w+)"),
        lambda m: (
            (_("Is before “%(other)s”.") if m[1] == "before" else _("Is after “%(other)s”."))
            % {"other": field_label(m[2])}
        ),
    ),
    (
        re.compile(r"is after today \((\S+)\): an act is recorded once done"),
        lambda m: (
            _("Is after today (%(today)s): an act is recorded once it has happened.")
            % {"today": m[1]}
        ),
    ),
    (
        re.compile(r"no property '(.*)'"),
        lambda m: _("No property “%(ref)s” that you may see.") % {"ref": m[1]},
    ),
    (
        re.compile(r"no (incident|assessment) (\S+)(?: of (\S+))?"),
        lambda m: _("No such record among those you may see."),
    ),
    (
        re.compile(r"(.+) is already the id of another record"),
        lambda m: _("%(value)s is already the id of another record.") % {"value": m[1]},
    ),
    (
        re.compile(
            r"a mission deploys only with the consent of every party asked: not granted by (.*)"
        ),
        lambda m: (
            _(
                "A mission deploys only with the consent of every party asked; not granted by: "
                "%(who)s."
            )
            % {"who": m[1] if not m[1].startswith("anyone") else _("anyone (none recorded)")}
        ),
    ),
    (
        re.compile(r"a party officer reports in its own State's name only"),
        lambda m: _("A party officer reports in its own State's name only."),
    ),
    (
        re.compile(r"corroborated needs at least one independent source"),
        lambda m: _("Corroborated needs at least one independent source."),
    ),
    (re.compile(r"is empty"), lambda m: _("The file is empty.")),
    (
        re.compile(r"the file received hashes to (\w+), not (\w+): .*"),
        lambda m: (
            _(
                "The file received hashes to %(got)s, not %(given)s: it changed on the way; "
                "nothing was stored."
            )
            % {"got": m[1], "given": m[2]}
        ),
    ),
    (
        re.compile(r"'(.*)' is not a web address \(http:// or https://\)"),
        lambda m: _("“%(value)s” is not a web address (http:// or https://).") % {"value": m[1]},
    ),
    (
        re.compile(r"is not a SHA-256 \(64 hexadecimal digits\)"),
        lambda m: _("Not a SHA-256 (64 hexadecimal digits)."),
    ),
    (
        re.compile(r"(?:file: )?larger than the limit of (\d+) bytes .*"),
        lambda m: (
            _("Larger than the limit of %(mib)s MiB for one evidence file; nothing was stored.")
            % {"mib": _size(m[1])}
        ),
    ),
    # Refusals of the act itself (NotAllowed), shown above the form.
    (
        re.compile(r"only the Secretariat may (record missions|change a mission's status)"),
        lambda m: _("Only the Secretariat records missions and their status."),
    ),
    (
        re.compile(r"only the Secretariat or the State itself may record its consent"),
        lambda m: _("Only the Secretariat or the State itself records its consent."),
    ),
    (
        re.compile(r"only the Secretariat or an assessor may record a refusal of access"),
        lambda m: _("Only the Secretariat or an assessor records a refusal of access."),
    ),
    (
        re.compile(r"only assessors and the Secretariat record condition assessments"),
        lambda m: _("Only assessors and the Secretariat record condition assessments."),
    ),
    (
        re.compile(r"only signed-in users with a role may report incidents"),
        lambda m: _("Only signed-in users with a role report incidents."),
    ),
    (
        re.compile(r"only assessors and the Secretariat change an incident's status"),
        lambda m: _("Only assessors and the Secretariat change an incident's status."),
    ),
    (
        re.compile(r"only the Secretariat, assessors and party officers may submit evidence"),
        lambda m: _("Only the Secretariat, assessors and party officers submit evidence."),
    ),
    (
        re.compile(r"only those who hold the item record its custody.*"),
        lambda m: _(
            "Only those who hold the item record its custody: the Secretariat, administrators, "
            "assessors and the officers of the State that submitted it."
        ),
    ),
]


def localise(message: str) -> str:
    """The service's message in the active language (as written when no rule knows it)."""
    text = str(message).strip()
    for pattern, say in _RULES:
        m = pattern.fullmatch(text)
        if m:
            return say(m)  # type: ignore[operator]
    return text
