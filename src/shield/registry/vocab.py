"""Controlled vocabularies of the registry, each with its source."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shield.treaty.protection import ART1_SUBPARAGRAPH

# What cultural property is: the categories of the Convention's first article, each under the
# sub-paragraph shield.treaty.protection.ART1_SUBPARAGRAPH gives it (see CATEGORY_ARTICLE).
CATEGORIES = [
    ("monument", _("Monument of architecture, art or history")),
    ("archaeological_site", _("Archaeological site")),
    ("group_of_buildings", _("Group of buildings")),
    ("centre_containing_monuments", _("Centre containing monuments")),
    ("museum", _("Museum")),
    ("library", _("Library")),
    ("archive", _("Archive")),
    ("refuge", _("Refuge for movable cultural property")),
    ("movable_object", _("Movable object")),
    ("collection", _("Collection")),
]
CATEGORY_CODES = [c for c, _label in CATEGORIES]
MOVABLE_CATEGORIES = {"movable_object", "collection"}
CATEGORY_ARTICLE = {
    code: f"convention.cultural_property.{ART1_SUBPARAGRAPH[code]}" for code in CATEGORY_CODES
}
"""Each category's provision, as a key of ``shield.treaty.provisions`` (``provision(key)``)."""
CULTURAL_PROPERTY_CATEGORIES = [c for c in CATEGORY_CODES if c in ART1_SUBPARAGRAPH]
"""The categories that make a record cultural property (all of them: CULTURAL_PROPERTY_READING)."""

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

# The levels of protection (shield.treaty.protection). General protection is every cultural
# property's by the law: it is shown, never recorded as an event (a recorded one is kept and not
# read). Special and enhanced protection are histories of the events below.
PROTECTION_LEVELS = [
    ("general", _("General protection")),
    ("special", _("Special protection")),
    ("enhanced", _("Enhanced protection")),
    ("provisional_enhanced", _("Provisional enhanced protection")),
]
# Suspension and cancellation are the Committee's decisions. The last two actions were recorded
# before use as a military objective became an attributed claim: kept as recorded, never read,
# and refused as new events.
PROTECTION_ACTIONS = [
    ("granted", _("granted")),
    ("suspended", _("suspended")),
    ("restored", _("restored (suspension lifted)")),
    ("cancelled", _("cancelled")),
    ("lost_military_use", _("lost by use as a military objective")),
    ("regained", _("regained (military use ended)")),
]
EVENT_LEVELS = [(code, label) for code, label in PROTECTION_LEVELS if code != "general"]
"""The levels a new event may concern."""
EVENT_ACTIONS = [
    (code, label)
    for code, label in PROTECTION_ACTIONS
    if code not in {"lost_military_use", "regained"}
]
"""The actions a new event may record."""

# External identifiers (registry.identifiers): the register each is a number of.
IDENTIFIER_SCHEMES = [
    ("whc", _("World Heritage List")),
    ("wikidata", _("Wikidata")),
    ("national", _("National inventory")),
    ("interpol", _("INTERPOL Stolen Works of Art database")),
]

MEASUREMENT_UNITS = {"mm", "cm", "m", "km", "g", "kg", "in", "ft", "lb", "ml", "l"}
