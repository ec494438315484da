"""What the registry's services refuse, beside the field of the form it concerns and in the
reader's language.

``clean_record`` names each bad field (``lat``, ``names[2].lang``, ``claims[0].valid_to``)
with an English message for the API and the CLI. A form shows it beside that field, in the
reader's words: each message the services write is matched here and said again through
gettext; one not matched is shown as it is.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELD = re.compile(
    r"^(?P<list>names|claims|measurements|photographs|identifiers)\[(?P<i>\d+)\]"
    r"(\.(?P<f>\w+))?$"
)

_WHERE = re.compile(r"^(polygon (?P<p>\d+), )?ring (?P<r>\d+): (?P<rest>.*)$")

# (the English message's pattern, its words in the reader's language)
MESSAGES = [
    (r"is required", gettext_lazy("This field is required.")),
    (r"is required \(an ISO date, YYYY-MM-DD\)", gettext_lazy("This field is required.")),
    (r"at least one name is required", gettext_lazy("Give at least one name.")),
    (
        r"is longer than (?P<n>\d+) characters",
        gettext_lazy("Longer than %(n)s characters."),
    ),
    (
        r"'(?P<v>.*)' is not a BCP 47 language tag.*",
        gettext_lazy("%(v)s is not a language tag (BCP 47)."),
    ),
    (
        r"'(?P<v>.*)' is not an ISO 15924 code.*",
        gettext_lazy("%(v)s is not a script code (ISO 15924)."),
    ),
    (r"'(?P<v>.*)' is not one of: .*", gettext_lazy("%(v)s is not one of the choices.")),
    (r"'(?P<v>.*)' is not a number", gettext_lazy("%(v)s is not a number.")),
    (
        r"(?P<v>\S+) is outside (?P<lo>\S+)\.\.(?P<hi>\S+)",
        gettext_lazy("%(v)s is outside %(lo)s to %(hi)s."),
    ),
    (r"is before valid_from", gettext_lazy("The end is before the start.")),
    (
        r"give both lat and lon, or neither",
        gettext_lazy("Give both latitude and longitude, or neither."),
    ),
    (
        r"immovable property needs a location \(or location_certainty 'unknown'\)",
        gettext_lazy(
            "Immovable property needs a location: pick it on the map or type it, or set the "
            "certainty of the location to Unknown."
        ),
    ),
    (r"'(?P<v>.*)' is already used", gettext_lazy("%(v)s is already used by another record.")),
    (
        r"(?P<v>.*) is not in this registry's list of States",
        gettext_lazy("%(v)s is not in this registry's list of States."),
    ),
    (
        r"a record stays in its State's inventory.*",
        gettext_lazy("A record stays in its State's inventory."),
    ),
    (
        r"contains a NUL character.*",
        gettext_lazy("Contains a NUL character (U+0000), which no text may hold."),
    ),
    (
        r"must be a GeoJSON Polygon or MultiPolygon geometry",
        gettext_lazy("The boundary must be a GeoJSON Polygon or MultiPolygon."),
    ),
    (
        r"coordinates: must be a non-empty list",
        gettext_lazy("The boundary has no coordinates."),
    ),
    (
        r"(polygon (?P<p>\d+), )?coordinates: a polygon is a non-empty list of rings",
        gettext_lazy("A polygon of the boundary has no rings."),
    ),
    (r"is not valid GeoJSON: .*", gettext_lazy("The boundary is not valid GeoJSON.")),
    (
        r"is not a valid polygon: (?P<v>.*)",
        gettext_lazy("The boundary is not a valid polygon (%(v)s)."),
    ),
    (
        r"'(?P<v>.*)' is not a World Heritage List id.*",
        gettext_lazy("%(v)s is not a World Heritage List id (a number, e.g. 848 or 208bis)."),
    ),
    (
        r"'(?P<v>.*)' is not a Wikidata item id.*",
        gettext_lazy("%(v)s is not a Wikidata item id (Q and a number, e.g. Q42)."),
    ),
    (
        r"'(?P<v>.*)' is not an INTERPOL reference.*",
        gettext_lazy(
            "%(v)s is not an INTERPOL reference (2 to 40 letters, digits and / - ., with a digit)."
        ),
    ),
    (r"'(?P<v>.*)' holds a control character", gettext_lazy("%(v)s holds a control character.")),
    (r"'(?P<v>.*)' is given twice", gettext_lazy("%(v)s is given twice.")),
    (
        r"is required: the State whose national inventory issued it",
        gettext_lazy("Choose the State whose national inventory issued it."),
    ),
    (
        r"is given only for a national inventory's identifier",
        gettext_lazy("Give a State only for a national inventory's number."),
    ),
]

RING_MESSAGES = [
    (
        r"must be a list of \[lon, lat\] positions",
        gettext_lazy("must be a list of [longitude, latitude] positions"),
    ),
    (
        r"position (?P<n>\d+) must be \[lon, lat\] in numbers",
        gettext_lazy("position %(n)s must be [longitude, latitude] in numbers"),
    ),
    (
        r"position (?P<n>\d+) \((?P<x>[^,]+), (?P<y>[^)]+)\) is outside .*",
        gettext_lazy(
            "position %(n)s (%(x)s, %(y)s) is outside the Earth's longitudes and latitudes"
        ),
    ),
    (
        r"(?P<n>\d+) positions; a ring needs at least 4.*",
        gettext_lazy("has %(n)s positions; a ring needs at least 4 (the first repeated last)"),
    ),
    (
        r"not closed.*",
        gettext_lazy("is not closed (its last position must repeat its first)"),
    ),
]

_COMPILED = [(re.compile(f"^{p}$"), m) for p, m in MESSAGES]
_RING = [(re.compile(f"^{p}$"), m) for p, m in RING_MESSAGES]


def translated(message: str) -> str:
    """The services' English message in the reader's language (as it is if unknown)."""
    ring = _WHERE.match(message)
    if ring:
        for pattern, words in _RING:
            found = pattern.match(ring["rest"])
            if found:
                where = (
                    _("Polygon %(p)s, ring %(r)s") % {"p": ring["p"], "r": ring["r"]}
                    if ring["p"]
                    else _("Ring %(r)s") % {"r": ring["r"]}
                )
                return f"{where}: {str(words) % found.groupdict()}."
    for pattern, words in _COMPILED:
        found = pattern.match(message)
        if found:
            return str(words) % found.groupdict() if found.groupdict() else str(words)
    return message


def place(field: str) -> tuple[str | None, int | None, str | None]:
    """Where an error the services name goes: (formset, row, field) for a row's,
    (None, None, field) for the record's own."""
    found = FIELD.match(field)
    if found:
        return found["list"], int(found["i"]), found["f"]
    return None, None, field
