"""Template filters: the vocabularies' translated labels."""

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from shield.registry.vocab import (
    CATEGORIES,
    JURISDICTION_ROLES,
    LOCATION_CERTAINTY,
    NAME_KINDS,
    PROTECTION_ACTIONS,
    PROTECTION_LEVELS,
)

register = template.Library()

_LABELS = {
    "category": dict(CATEGORIES),
    "level": dict(PROTECTION_LEVELS),
    "action": dict(PROTECTION_ACTIONS),
    "kind": dict(NAME_KINDS),
    "role": dict(JURISDICTION_ROLES),
    "certainty": dict(LOCATION_CERTAINTY),
}


def _label(vocab: str):
    def lookup(code):
        return _LABELS[vocab].get(code, code)

    return lookup


for _name in _LABELS:
    register.filter(f"{_name}_label", _label(_name))


# What a record's history says was done (the audit log's action codes for a property).
RECORD_ACTIONS = {
    "create": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
    "restore": _("restored"),
    "import": _("imported"),
}


@register.filter
def record_action_label(code: str) -> str:
    """An entry of a record's history in words: its own, or a protection act's label."""
    if code in RECORD_ACTIONS:
        return str(RECORD_ACTIONS[code])
    if code.startswith("protection_"):
        act = code.removeprefix("protection_")
        return str(_LABELS["action"].get(act, code))
    return code


@register.filter
def get_item(mapping, key):
    """A form value by name (QueryDict or dict); '' when absent."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def coordinate(value, spec: str) -> str:
    """A latitude (``spec`` "lat") or longitude ("lon") as decimal degrees with its
    hemisphere: "39.75830° N", "46.74860° Ø" in Norwegian; "lat,1" for one decimal (an area).
    The number is never localized (a decimal comma would run into the comma between the two),
    and a coordinate reads the same everywhere."""
    if value is None or value == "":
        return ""
    axis, _sep, places = spec.partition(",")
    digits = int(places) if places.isdigit() else 5
    v = float(value)
    if axis == "lat":
        side = pgettext("compass", "N") if v >= 0 else pgettext("compass", "S")
    else:
        side = pgettext("compass", "E") if v >= 0 else pgettext("compass", "W")
    return f"{abs(v):.{digits}f}\u00b0 {side}"
