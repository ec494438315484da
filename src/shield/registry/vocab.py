"""Controlled vocabularies of the registry, each with its source."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Convention Art. 1 (a)-(c): what cultural property is.
CATEGORIES = [
    ("monument", _("Monument of architecture, art or history")),          # Convention Art. 1(a)
    ("archaeological_site", _("Archaeological site")),                    # Convention Art. 1(a)
    ("group_of_buildings", _("Group of buildings")),                      # Convention Art. 1(a)
    ("centre_containing_monuments", _("Centre containing monuments")),    # Convention Art. 1(c)
    ("museum", _("Museum")),                                              # Convention Art. 1(b)
    ("library", _("Library")),                                            # Convention Art. 1(b)
    ("archive", _("Archive")),                                            # Convention Art. 1(b)
    ("refuge", _("Refuge for movable cultural property")),               # Convention Art. 1(b)
    ("movable_object", _("Movable object")),                              # Convention Art. 1(a)
    ("collection", _("Collection")),                                      # Convention Art. 1(a)
]
CATEGORY_CODES = [c for c, _label in CATEGORIES]
MOVABLE_CATEGORIES = {"movable_object", "collection"}
CATEGORY_ARTICLE = {
    "monument": "Convention Art. 1(a)", "archaeological_site": "Convention Art. 1(a)",
    "group_of_buildings": "Convention Art. 1(a)", "movable_object": "Convention Art. 1(a)",
    "collection": "Convention Art. 1(a)", "museum": "Convention Art. 1(b)",
    "library": "Convention Art. 1(b)", "archive": "Convention Art. 1(b)",
    "refuge": "Convention Art. 1(b)", "centre_containing_monuments": "Convention Art. 1(c)",
}

NAME_KINDS = [
    ("official", _("Official")),
    ("local", _("Local")),
    ("historical", _("Historical")),
    ("variant", _("Variant")),
]

LOCATION_CERTAINTY = [
    ("exact", _("Exact (surveyed)")),
    ("approximate", _("Approximate (within about 1 km)")),
    ("general", _("General area only")),
    ("unknown", _("Unknown")),
]

CONFIDENTIALITY = [
    ("public", _("Public")),
    ("location", _("Location confidential: the public sees an area of about 10 km")),
    ("restricted", _("Restricted: not shown to the public at all")),
]

JURISDICTION_ROLES = [
    ("control", _("Party with control")),
    ("claimant", _("Claimant")),
]

PROTECTION_LEVELS = [
    ("general", _("General protection")),                       # Convention Art. 4; Protocol Arts. 5-9
    ("special", _("Special protection")),                       # Convention Chapter II
    ("enhanced", _("Enhanced protection")),                     # Protocol Arts. 10-11(10)
    ("provisional_enhanced", _("Provisional enhanced protection")),  # Protocol Art. 11(9)
]
PROTECTION_ACTIONS = [
    ("granted", _("granted")),
    ("suspended", _("suspended")),                              # Art. 14(1), 14(2)
    ("restored", _("restored (suspension lifted)")),
    ("cancelled", _("cancelled")),                              # Art. 14(1), 14(2)
    ("lost_military_use", _("lost by use as a military objective")),  # Art. 13(1)(b)
    ("regained", _("regained (military use ended)")),
]

MEASUREMENT_UNITS = {"mm", "cm", "m", "km", "g", "kg", "in", "ft", "lb", "ml", "l"}
